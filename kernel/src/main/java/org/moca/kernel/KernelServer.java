package org.moca.kernel;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageContext;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;
import io.github.spencerpark.jupyter.messages.request.CompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import io.github.spencerpark.jupyter.messages.request.InspectRequest;
import io.github.spencerpark.jupyter.messages.request.IsCompleteRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.moca.kernel.display.Renderers;
import org.moca.kernel.eval.CellException;
import org.moca.kernel.eval.EvaluationThread;
import org.moca.kernel.eval.JShellSession;
import org.moca.kernel.magic.LocalMavenResolver;
import org.moca.kernel.protocol.Channel;
import org.moca.kernel.protocol.IOPub;
import org.moca.kernel.protocol.Messages;
import org.moca.kernel.runtime.Display;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The kernel's side of the Jupyter messaging protocol (version 5.3): five sockets, three request loops, and the
 * evaluation thread behind them.
 *
 * <p>Threads: heartbeat (echo), control (interrupt, shutdown, kernel info — answered even while a cell runs),
 * shell (execute, complete, inspect, is-complete, ...), and the evaluation thread that runs cells. Each loop blocks
 * in ZeroMQ until a message arrives, so a request costs no polling delay. JShell starts on the evaluation thread
 * while the sockets already answer, so the kernel reports ready before the first compilation has warmed up.
 *
 * <p>Security: every message's HMAC-SHA256 signature is checked against the connection file's key; a message
 * with a wrong signature is dropped unanswered and logged. Sockets bind only to the connection file's address.
 */
public final class KernelServer implements Display.Sink {
    private static final Logger LOG = Logger.getLogger(KernelServer.class.getName());
    /** How often a blocked loop wakes up to notice a shutdown; it does not delay requests. */
    private static final int WAKE_MS = 200;

    private final KernelConnectionProperties connection;
    private final ZMQ.Context context = ZMQ.context(1);
    private final Channel shell;
    private final Channel control;
    private final Channel stdin;
    private final Channel iopubSocket;
    private final IOPub iopub;
    private final Renderers renderers = new Renderers();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CompletableFuture<CellRunner> runner = new CompletableFuture<>();
    /** "Interrupt the current cell": set by interrupt requests, cleared when an execute request arrives. */
    private final AtomicBoolean interrupted = new AtomicBoolean();

    private final String version;

    private volatile boolean running = true;
    private volatile boolean restartRequested;
    private volatile MessageContext currentParent;
    private volatile JShellSession session;
    private EvaluationThread evaluation;
    private CellStreams streams;
    private int executionCount;

    /** Creates the sockets (not yet bound) for {@code connection}. */
    public KernelServer(KernelConnectionProperties connection) throws NoSuchAlgorithmException, InvalidKeyException {
        this.connection = connection;
        HMACGenerator hmac = connection.createHMACGenerator();
        this.shell = new Channel(context, SocketType.ROUTER, hmac, "shell", KernelConnectionProperties::getShellPort);
        this.control =
                new Channel(context, SocketType.ROUTER, hmac, "control", KernelConnectionProperties::getControlPort);
        this.stdin = new Channel(context, SocketType.ROUTER, hmac, "stdin", KernelConnectionProperties::getStdinPort);
        this.iopubSocket =
                new Channel(context, SocketType.PUB, hmac, "iopub", KernelConnectionProperties::getIopubPort);
        this.iopub = new IOPub(iopubSocket);
        this.version = readVersion();
    }

    private static String readVersion() {
        try (InputStream in = KernelServer.class.getResourceAsStream("/moca-kernel.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /**
     * Binds the sockets, starts the loops and, in the background, JShell.
     *
     * @param workingDirectory base of the magics' relative paths
     */
    public void start(Path workingDirectory) {
        for (Channel c : List.of(shell, control, stdin, iopubSocket)) {
            c.bind(connection);
        }
        startThread("moca-kernel-heartbeat", this::heartbeat);
        iopub.status(null, "starting");
        streams = new CellStreams(iopub);
        streams.install();
        Display.install(this);

        evaluation = new EvaluationThread(KernelServer.class.getClassLoader());
        startThread("moca-kernel-control", () -> loop(control));
        startThread("moca-kernel-shell", () -> loop(shell));
        LocalMavenResolver maven = new LocalMavenResolver(LocalMavenResolver.defaultRepository());
        // JShell starts (about a second: javac's classes load and warm up) while the kernel already answers.
        CompletableFuture.runAsync(() -> {
            try {
                evaluation.call(() -> {
                    JShellSession created = new JShellSession(System.err, interrupted);
                    Thread.currentThread().setContextClassLoader(created.classLoader());
                    session = created;
                    runner.complete(new CellRunner(created, renderers, workingDirectory, maven));
                    evaluation.whenIdle(created::warmUpStep);
                    return null;
                });
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "JShell failed to start", e);
                runner.completeExceptionally(e);
            }
        });
    }

    private void startThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** Blocks until a shutdown request (or {@link #stop()}); returns whether a restart was asked for. */
    public boolean awaitShutdown() throws InterruptedException {
        stopped.await();
        return restartRequested;
    }

    /** Stops the loops and closes the sockets; the caller then exits the JVM. */
    public void stop() {
        running = false;
        interrupted.set(true);
        JShellSession s = session;
        if (s != null) {
            s.interrupt();
        }
        stopped.countDown();
    }

    /** Closes the sockets, letting queued replies out (linger 1 s). */
    public void close() {
        try {
            Thread.sleep(WAKE_MS + 50L); // let the loops notice `running` and stop touching their sockets
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Channel c : List.of(shell, control, stdin, iopubSocket)) {
            c.close();
        }
        context.close();
    }

    private void heartbeat() {
        try (ZMQ.Socket hb = context.socket(SocketType.REP)) {
            hb.setLinger(0);
            hb.setReceiveTimeOut(WAKE_MS);
            hb.bind(Channel.address(connection, connection.getHbPort()));
            while (running) {
                byte[] ping = hb.recv(0);
                if (ping != null) {
                    hb.send(ping, 0);
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(Level.SEVERE, "heartbeat failed", e);
            }
        }
    }

    private void loop(Channel channel) {
        while (running) {
            Message<?> message;
            try {
                message = channel.poll(WAKE_MS);
            } catch (SecurityException e) {
                LOG.warning("rejected a message on " + channel.name() + ": " + e.getMessage());
                continue;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "unreadable message on " + channel.name(), e);
                }
                continue;
            }
            if (message == null) {
                continue;
            }
            try {
                handle(channel, message);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.SEVERE,
                        "failed to handle " + message.getHeader().getType().getName(),
                        e);
            }
        }
    }

    private void handle(Channel channel, Message<?> request) {
        String type = request.getHeader().getType().getName();
        switch (type) {
            case "execute_request" -> execute(channel, request);
            case "kernel_info_request" ->
                busy(request, () -> reply(channel, request, "kernel_info_reply", kernelInfo()));
            case "complete_request" ->
                busy(request, () -> reply(channel, request, "complete_reply", complete(request)));
            case "inspect_request" -> busy(request, () -> reply(channel, request, "inspect_reply", inspect(request)));
            case "is_complete_request" ->
                busy(request, () -> reply(channel, request, "is_complete_reply", isComplete(request)));
            case "history_request" ->
                reply(channel, request, "history_reply", Map.of("status", "ok", "history", List.of()));
            case "comm_info_request" ->
                reply(channel, request, "comm_info_reply", Map.of("status", "ok", "comms", Map.of()));
            case "interrupt_request" -> {
                interrupted.set(true);
                JShellSession s = session;
                if (s != null) {
                    s.interrupt();
                }
                reply(channel, request, "interrupt_reply", Map.of("status", "ok"));
            }
            case "shutdown_request" -> {
                boolean restart = ((ShutdownRequest) request.getContent()).isRestart();
                reply(channel, request, "shutdown_reply", Map.of("status", "ok", "restart", restart));
                iopub.status(request, "idle");
                restartRequested = restart;
                stop();
            }
            case "comm_open", "comm_msg", "comm_close" -> {
                // No comm targets: widgets are not supported; ignoring is what the spec asks for.
            }
            default -> LOG.info("ignored a " + type + " on " + channel.name());
        }
    }

    private void busy(MessageContext request, Runnable work) {
        iopub.status(request, "busy");
        try {
            work.run();
        } finally {
            iopub.status(request, "idle");
        }
    }

    private void reply(Channel channel, MessageContext request, String type, Map<String, ?> content) {
        channel.sendMessage(Messages.of(request, type, content));
    }

    private Map<String, Object> kernelInfo() {
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("name", "java");
        language.put("version", Runtime.version().toString());
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", ".jshell");
        language.put("pygments_lexer", "java");
        language.put("codemirror_mode", "java");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("status", "ok");
        info.put("protocol_version", "5.3");
        info.put("implementation", "moca-kernel");
        info.put("implementation_version", version);
        info.put("language_info", language);
        info.put(
                "banner",
                "Java " + Runtime.version() + " — MOCA Workbench kernel " + version
                        + " (IJava-compatible: %jars, %classpath, %maven, %load)");
        info.put("help_links", List.of());
        info.put("debugger", false);
        return info;
    }

    private void execute(Channel channel, Message<?> request) {
        ExecuteRequest content = (ExecuteRequest) request.getContent();
        iopub.status(request, "busy");
        boolean silent = content.isSilent();
        if (!silent && content.shouldStoreHistory()) {
            executionCount++;
        }
        int count = executionCount;
        if (!silent) {
            iopub.publish(request, "execute_input", Map.of("code", content.getCode(), "execution_count", count));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        interrupted.set(false);
        currentParent = request;
        streams.begin(request);
        try {
            DisplayData result = onEvaluationThread(() -> runner.get().execute(content.getCode()));
            streams.end();
            if (result != null && !silent) {
                iopub.publish(request, new PublishExecuteResult(count, result));
            }
            reply.put("status", "ok");
            reply.put("execution_count", count);
            reply.put("user_expressions", Map.of());
            reply.put("payload", List.of());
        } catch (CellException e) {
            streams.end();
            publishError(request, count, e, reply);
        } catch (Exception e) {
            streams.end();
            LOG.log(Level.SEVERE, "kernel failure while executing a cell", e);
            publishError(request, count, CellException.of("KernelException", String.valueOf(e)), reply);
        }
        reply(channel, request, "execute_reply", reply);
        iopub.status(request, "idle");
    }

    private void publishError(MessageContext request, int count, CellException e, Map<String, Object> reply) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("ename", e.ename());
        error.put("evalue", e.evalue());
        error.put("traceback", e.traceback());
        iopub.publish(request, "error", error);
        reply.put("status", "error");
        reply.put("execution_count", count);
        reply.putAll(error);
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> T onEvaluationThread(Work<T> work) throws Exception {
        return evaluation.call(work::run);
    }

    /** Hides magic lines from JShell without moving any offset: each becomes spaces. */
    private static String javaOnly(String code) {
        if (code.stripLeading().startsWith("%%")) {
            return " ".repeat(code.length());
        }
        StringBuilder out = new StringBuilder(code.length());
        for (String line : code.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.strip().startsWith("%") ? " ".repeat(line.length()) : line);
        }
        return out.toString();
    }

    private Map<String, Object> complete(Message<?> request) {
        CompleteRequest c = (CompleteRequest) request.getContent();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("metadata", Map.of());
        try {
            JShellSession.Completion completion = onEvaluationThread(() -> {
                runner.get();
                return session.complete(javaOnly(c.getCode()), c.getCursorPos());
            });
            reply.put("matches", completion.matches());
            reply.put("cursor_start", completion.start());
            reply.put("cursor_end", completion.end());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "completion failed", e);
            reply.put("matches", List.of());
            reply.put("cursor_start", c.getCursorPos());
            reply.put("cursor_end", c.getCursorPos());
        }
        return reply;
    }

    private Map<String, Object> inspect(Message<?> request) {
        InspectRequest r = (InspectRequest) request.getContent();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        String text = null;
        try {
            text = onEvaluationThread(() -> {
                runner.get();
                return session.inspect(javaOnly(r.getCode()), r.getCursorPos());
            });
        } catch (Exception e) {
            LOG.log(Level.WARNING, "inspection failed", e);
        }
        reply.put("found", text != null);
        reply.put("data", text == null ? Map.of() : Map.of("text/plain", text));
        reply.put("metadata", Map.of());
        return reply;
    }

    private Map<String, Object> isComplete(Message<?> request) {
        String code = ((IsCompleteRequest) request.getContent()).getCode();
        String status;
        try {
            status = onEvaluationThread(() -> {
                runner.get();
                return session.isComplete(javaOnly(code));
            });
        } catch (Exception e) {
            status = "unknown";
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", status);
        if ("incomplete".equals(status)) {
            reply.put("indent", "    ");
        }
        return reply;
    }

    @Override
    public void display(Object value, String[] mimeTypes, String id, boolean update) {
        DisplayData data = new DisplayData(renderers.render(value, mimeTypes));
        data.setDisplayId(id);
        System.out.flush();
        System.err.flush();
        MessageContext parent = currentParent;
        if (update) {
            iopub.publish(parent, new PublishUpdateDisplayData(data));
        } else {
            iopub.publish(parent, new PublishDisplayData(data));
        }
    }

    @Override
    public DisplayData render(Object value, String[] mimeTypes) {
        return renderers.render(value, mimeTypes);
    }
}
