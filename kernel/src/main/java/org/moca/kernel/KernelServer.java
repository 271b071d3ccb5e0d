package org.moca.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.moca.kernel.display.Renderers;
import org.moca.kernel.eval.CellException;
import org.moca.kernel.eval.EvaluationThread;
import org.moca.kernel.eval.JShellSession;
import org.moca.kernel.magic.MavenResolver;
import org.moca.kernel.protocol.IOPub;
import org.moca.kernel.protocol.RouterChannel;
import org.moca.kernel.protocol.WireCodec;
import org.moca.kernel.protocol.WireMessage;
import org.moca.kernel.runtime.CellGuard;
import org.moca.kernel.runtime.Display;
import org.moca.kernel.runtime.Notebook;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The kernel's side of the Jupyter messaging protocol (version 5.3): five sockets, the request handlers, and the
 * evaluation thread behind them. Where the spec and the base library differ, this follows the spec.
 *
 * <p>Threads: heartbeat (echo); one I/O thread per request channel, which reads each message the moment it
 * arrives and numbers it (one counter across channels, so the kernel knows which requests came before an
 * interrupt); control requests (interrupt, shutdown, kernel info) are answered on the control thread even while
 * a cell runs; shell requests queue for the shell worker, which handles them one at a time, in order; cells,
 * completion and inspection run on the one evaluation thread. Every request is wrapped in {@code busy} and
 * {@code idle} status messages (spec: "Kernel status").
 *
 * <p>Spec points it implements: {@code stop_on_error} (a failed cell aborts the execute requests queued behind it,
 * each answered {@code aborted}); {@code user_expressions} evaluated after the cell; {@code silent} and
 * {@code store_history}; {@code history} (tail, range, search); an interrupt stops every execute request that
 * arrived before it, even one not yet started; comms opened for targets the kernel lacks are closed.
 *
 * <p>Security: every message's HMAC signature is checked against the connection file's key; a message with a
 * wrong signature or a broken frame layout is dropped unanswered and logged. Sockets bind only to the connection
 * file's address.
 */
public final class KernelServer implements Display.Sink, Notebook.Host {
    private static final Logger LOG = Logger.getLogger(KernelServer.class.getName());
    /** How often a blocked loop wakes up to notice a shutdown; it does not delay requests. */
    private static final int WAKE_MS = 200;
    /** The session number of this kernel's history entries (one session per kernel process). */
    private static final int HISTORY_SESSION = 1;

    /** A request with its arrival number (one counter for all channels) and arrival time. */
    private record Request(WireMessage message, long arrival, long nanos) {
        Request(WireMessage message, long arrival) {
            this(message, arrival, System.nanoTime());
        }
    }

    private record HistoryEntry(int line, String input, String output) {}

    private final KernelConnectionProperties connection;
    private final KernelOptions options;
    private final WireCodec codec;
    private final ZMQ.Context context = ZMQ.context(1);
    private final RouterChannel shell;
    private final RouterChannel control;
    private final RouterChannel stdin;
    private IOPub iopub;
    private final Renderers renderers = new Renderers();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CompletableFuture<CellRunner> runner = new CompletableFuture<>();
    private final LinkedBlockingDeque<Request> shellQueue = new LinkedBlockingDeque<>();
    private final AtomicLong arrivals = new AtomicLong();
    /** Every execute request that arrived before this number is to stop (set by interrupt requests). */
    private volatile long interruptBefore = -1;
    /** The arrival number of the execute request running now; -1 when none is. */
    private volatile long running = -1;

    private volatile long runningNanos;
    private final Object interruptLock = new Object();
    /** When an interrupt last found nothing to stop (its arrival, nanoTime), or {@code Long.MIN_VALUE}. */
    private volatile long idleInterruptNanos = Long.MIN_VALUE;
    /** The arrival number of that interrupt. */
    private volatile long idleInterruptArrival = -1;

    private final List<HistoryEntry> history = Collections.synchronizedList(new ArrayList<>());
    private final Set<Object> displayIdsThisCell =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final String version;

    private volatile boolean alive = true;
    private volatile boolean restartRequested;
    private volatile WireMessage currentParent;
    private volatile JShellSession session;
    private EvaluationThread evaluation;
    private CellStreams streams;
    private CellStdin input;
    private int executionCount;

    /** Creates the channels (not yet bound) for {@code connection}. */
    public KernelServer(KernelConnectionProperties connection, KernelOptions options) {
        this.connection = connection;
        this.options = options;
        this.codec = new WireCodec(
                connection.getKey() == null ? "" : connection.getKey(),
                connection.getSignatureScheme() == null ? "hmac-sha256" : connection.getSignatureScheme());
        this.shell = new RouterChannel(context, codec, "shell", address(connection.getShellPort()));
        this.control = new RouterChannel(context, codec, "control", address(connection.getControlPort()));
        this.stdin = new RouterChannel(context, codec, "stdin", address(connection.getStdinPort()));
        this.version = readVersion();
    }

    /**
     * The ZeroMQ endpoint for {@code port}: {@code tcp://ip:port}, or for the {@code ipc} transport the path
     * {@code ipc://ip-port}, as Jupyter names it.
     */
    private String address(int port) {
        String transport = connection.getTransport();
        return "ipc".equals(transport)
                ? "ipc://" + connection.getIp() + "-" + port
                : transport + "://" + connection.getIp() + ":" + port;
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
        iopub = new IOPub(context, codec, address(connection.getIopubPort()));
        startThread("moca-kernel-heartbeat", this::heartbeat);
        streams = new CellStreams(iopub);
        streams.install();
        input = new CellStdin(stdin, codec, streams::flushNow);
        input.install();
        Display.install(this);
        Notebook.install(this);
        IJava.install(new JavaKernel(new IJavaServices()));
        evaluation = new EvaluationThread(KernelServer.class.getClassLoader());
        shell.start(m -> shellQueue.add(new Request(m, arrivals.incrementAndGet())));
        control.start(m -> handleControl(new Request(m, arrivals.incrementAndGet())));
        stdin.start(input::received);
        startThread("moca-kernel-shell", this::shellWorker);
        iopub.status(null, "starting");
        // JShell starts (about a second: javac's classes load and warm up) while the kernel already answers. It is
        // the evaluation thread's first task, so every request that needs JShell queues behind it.
        evaluation.submit(() -> {
            try {
                MavenResolver maven = new MavenResolver(options.maven());
                maven.onTransfer(line -> System.err.println(line));
                JShellSession created = new JShellSession(System.err, options.interruptLibraries());
                Thread.currentThread().setContextClassLoader(created.classLoader());
                session = created;
                runner.complete(
                        new CellRunner(created, renderers, workingDirectory, maven, displayIdsThisCell::contains));
                evaluation.whenIdle(created::warmUpStep);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.SEVERE, "JShell failed to start", e);
                runner.completeExceptionally(e);
            }
        });
    }

    private static void startThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** Blocks until a shutdown request (or {@link #stop()}); returns whether a restart was asked for. */
    public boolean awaitShutdown() throws InterruptedException {
        stopped.await();
        return restartRequested;
    }

    /** Stops the loops; the caller then closes the sockets and exits the JVM. */
    public void stop() {
        alive = false;
        JShellSession s = session;
        if (s != null) {
            s.interrupt();
        }
        stopped.countDown();
    }

    /** Closes the sockets, letting queued replies out (linger 1 s). */
    public void close() {
        for (RouterChannel c : List.of(shell, control, stdin)) {
            c.close();
        }
        if (iopub != null) {
            iopub.close();
        }
        try {
            Thread.sleep(WAKE_MS + 50L); // let the heartbeat notice and close its socket
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }

    private void heartbeat() {
        try (ZMQ.Socket hb = context.socket(SocketType.REP)) {
            hb.setLinger(0);
            hb.setReceiveTimeOut(WAKE_MS);
            hb.bind(address(connection.getHbPort()));
            while (alive) {
                byte[] ping = hb.recv(0);
                if (ping != null) {
                    hb.send(ping, 0);
                }
            }
        } catch (RuntimeException e) {
            if (alive) {
                LOG.log(Level.SEVERE, "heartbeat failed", e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ control

    private void handleControl(Request request) {
        WireMessage m = request.message();
        switch (m.type()) {
            case "interrupt_request" ->
                busy(m, () -> {
                    interruptArrivedBefore(request);
                    reply(control, m, "interrupt_reply", Map.of("status", "ok"));
                });
            case "shutdown_request" -> shutdown(control, m);
            case "kernel_info_request" -> busy(m, () -> reply(control, m, "kernel_info_reply", kernelInfo()));
            default -> busy(m, () -> LOG.info("ignored a " + m.type() + " on control"));
        }
    }

    /**
     * Stops every execute request that arrived before {@code arrival}: the running one now, queued ones when they
     * start. An interrupt that finds nothing running or queued also stops the next execute request if it arrives
     * within {@link KernelOptions#interruptGraceMs()}: a client's execute and interrupt travel on different sockets
     * (JupyterLab: a websocket and a REST call), so "execute, then interrupt at once" can reach the kernel in the
     * other order, and the user's interrupt must not be lost (issue 14).
     */
    private void interruptArrivedBefore(Request interrupt) {
        long arrival = interrupt.arrival();
        synchronized (interruptLock) {
            interruptBefore = Math.max(interruptBefore, arrival);
            long now = running;
            boolean earlierQueued = shellQueue.stream()
                    .anyMatch(r -> "execute_request".equals(r.message().type()) && r.arrival() < arrival);
            LOG.fine(() -> "interrupt #" + arrival + " (running: #" + now + ", earlier queued: " + earlierQueued + ")");
            JShellSession s = session;
            if (now >= 0 && now < arrival) {
                if (s != null) {
                    s.interrupt();
                }
            } else if (!earlierQueued) {
                if (now >= 0 && withinGrace(interrupt.nanos(), runningNanos)) {
                    if (s != null) {
                        s.interrupt(); // the execute it was meant for overtook it and has just started
                    }
                } else if (now < 0) {
                    idleInterruptNanos = interrupt.nanos();
                    idleInterruptArrival = arrival;
                }
            }
        }
    }

    private boolean withinGrace(long interruptNanos, long executeNanos) {
        long gap = executeNanos - interruptNanos;
        return gap >= 0 && gap <= TimeUnit.MILLISECONDS.toNanos(options.interruptGraceMs());
    }

    /**
     * Marks {@code request} as running and says whether it is to stop before it starts: an interrupt arrived after
     * it, or one found the kernel idle just before it arrived.
     */
    private boolean startRunning(Request request) {
        synchronized (interruptLock) {
            running = request.arrival();
            runningNanos = request.nanos();
            if (interruptBefore > request.arrival()) {
                if (idleInterruptArrival > request.arrival()) {
                    // The interrupt that found the kernel idle came after this request (the worker had just taken
                    // it from the queue): stopping this request is what it was for; it must not stop the next one.
                    idleInterruptNanos = Long.MIN_VALUE;
                }
                return true;
            }
            long idle = idleInterruptNanos;
            if (idle != Long.MIN_VALUE && withinGrace(idle, request.nanos())) {
                idleInterruptNanos = Long.MIN_VALUE; // it stops one cell, not every later one
                return true;
            }
            return false;
        }
    }

    private void shutdown(RouterChannel channel, WireMessage m) {
        boolean restart = bool(m.content(), "restart", false);
        busy(m, () -> reply(channel, m, "shutdown_reply", Map.of("status", "ok", "restart", restart)));
        restartRequested = restart;
        stop();
    }

    // ------------------------------------------------------------------------------------------ shell

    private void shellWorker() {
        while (alive) {
            Request r;
            try {
                r = shellQueue.poll(WAKE_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (r == null) {
                continue;
            }
            try {
                handleShell(r);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "failed to handle a " + r.message().type(), e);
            }
        }
    }

    private void handleShell(Request request) {
        WireMessage m = request.message();
        switch (m.type()) {
            case "execute_request" -> execute(request);
            case "kernel_info_request" -> busy(m, () -> reply(shell, m, "kernel_info_reply", kernelInfo()));
            case "complete_request" -> busy(m, () -> reply(shell, m, "complete_reply", complete(m.content())));
            case "inspect_request" -> busy(m, () -> reply(shell, m, "inspect_reply", inspect(m.content())));
            case "is_complete_request" -> busy(m, () -> reply(shell, m, "is_complete_reply", isComplete(m.content())));
            case "history_request" -> busy(m, () -> reply(shell, m, "history_reply", history(m.content())));
            case "comm_info_request" ->
                busy(m, () -> reply(shell, m, "comm_info_reply", Map.of("status", "ok", "comms", Map.of())));
            case "comm_open" ->
                busy(m, () -> {
                    // No comm targets (no widgets): the spec says to close a comm whose target does not exist.
                    Map<String, Object> close = new LinkedHashMap<>();
                    close.put("comm_id", string(m.content(), "comm_id"));
                    close.put("data", Map.of());
                    iopub.publish(m, "comm_close", close);
                });
            case "shutdown_request" -> shutdown(shell, m);
            default -> busy(m, () -> LOG.info("ignored a " + m.type() + " on shell"));
        }
    }

    private void busy(WireMessage request, Runnable work) {
        iopub.status(request, "busy");
        try {
            work.run();
        } finally {
            iopub.status(request, "idle");
        }
    }

    private void reply(RouterChannel channel, WireMessage request, String type, Object content) {
        channel.send(codec.message(request, request.identities(), type, content));
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
        info.put("protocol_version", WireCodec.PROTOCOL_VERSION);
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

    // ------------------------------------------------------------------------------------------ execute

    private void execute(Request request) {
        WireMessage m = request.message();
        JsonObject c = m.content();
        iopub.status(m, "busy");
        try {
            JsonElement codeField = c.get("code");
            if (codeField == null
                    || !codeField.isJsonPrimitive()
                    || !codeField.getAsJsonPrimitive().isString()) {
                Map<String, Object> reply = new LinkedHashMap<>();
                CellException e = CellException.of(
                        "InvalidExecuteRequest",
                        "the execute_request has no 'code' string (messaging spec 5.3: content.code is required)");
                publishError(m, executionCount, e, reply);
                reply(shell, m, "execute_reply", reply);
                return;
            }
            String code = codeField.getAsString();
            boolean silent = bool(c, "silent", false);
            boolean storeHistory = !silent && bool(c, "store_history", true);
            boolean stopOnError = bool(c, "stop_on_error", true);
            if (storeHistory) {
                executionCount++;
            }
            int count = executionCount;
            if (!silent) {
                iopub.publish(m, "execute_input", Map.of("code", code, "execution_count", count));
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            String output = null;
            boolean failed = false;
            currentParent = m;
            displayIdsThisCell.clear();
            streams.begin(m);
            input.begin(m, bool(c, "allow_stdin", false));
            CellGuard.clearStop();
            LOG.fine(() -> "execute #" + request.arrival() + " starts");
            if (startRunning(request)) {
                CellGuard.requestStop();
            }
            try {
                CellRunner cells = runner.get();
                DisplayData result = onEvaluationThread(() -> cells.execute(code));
                streams.end();
                if (result != null && !silent) {
                    iopub.publish(m, "execute_result", executeResult(count, result));
                    output = text(result);
                }
                reply.put("status", "ok");
                reply.put("execution_count", count);
                reply.put("user_expressions", userExpressions(c.get("user_expressions")));
                reply.put("payload", List.of());
            } catch (CellException e) {
                streams.end();
                publishError(m, count, e, reply);
                failed = true;
            } catch (Exception e) {
                streams.end();
                LOG.log(Level.SEVERE, "kernel failure while executing a cell", e);
                publishError(m, count, CellException.of("KernelException", String.valueOf(e)), reply);
                failed = true;
            } finally {
                input.end();
                synchronized (interruptLock) {
                    running = -1;
                    CellGuard.clearStop();
                }
            }
            if (storeHistory) {
                history.add(new HistoryEntry(count, code, output));
            }
            reply(shell, m, "execute_reply", reply);
            if (failed && stopOnError) {
                abortQueuedExecutes();
            }
        } finally {
            iopub.status(m, "idle");
        }
    }

    /**
     * Spec 5.3, "Execute" ({@code stop_on_error}): after a failed cell, the execute requests already queued are
     * not run; each is answered with status {@code aborted} (wrapped in busy/idle). Other requests keep their
     * place in the queue.
     */
    private void abortQueuedExecutes() {
        List<Request> queued = new ArrayList<>();
        shellQueue.drainTo(queued);
        List<Request> kept = new ArrayList<>();
        for (Request r : queued) {
            if ("execute_request".equals(r.message().type())) {
                busy(r.message(), () -> reply(shell, r.message(), "execute_reply", Map.of("status", "aborted")));
            } else {
                kept.add(r);
            }
        }
        for (int i = kept.size() - 1; i >= 0; i--) {
            shellQueue.addFirst(kept.get(i));
        }
    }

    private Map<String, Object> executeResult(int count, DisplayData result) {
        JsonObject bundle = WireCodec.gson().toJsonTree(result).getAsJsonObject();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("execution_count", count);
        content.put("data", bundle.has("data") ? bundle.get("data") : new JsonObject());
        content.put("metadata", bundle.has("metadata") ? bundle.get("metadata") : new JsonObject());
        return content;
    }

    private static String text(DisplayData d) {
        Object plain = d.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
        return plain == null ? null : plain.toString();
    }

    /** Spec 5.3: each user expression's value as a MIME bundle with status, or its error. */
    private Map<String, Object> userExpressions(JsonElement requested) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (requested == null || !requested.isJsonObject()) {
            return out;
        }
        for (Map.Entry<String, JsonElement> e : requested.getAsJsonObject().entrySet()) {
            Map<String, Object> value = new LinkedHashMap<>();
            String expression = e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : "";
            try {
                CellRunner cells = runner.get();
                DisplayData data = onEvaluationThread(() -> cells.userExpression(expression));
                JsonObject bundle = WireCodec.gson().toJsonTree(data).getAsJsonObject();
                value.put("status", "ok");
                value.put("data", bundle.get("data"));
                value.put("metadata", bundle.has("metadata") ? bundle.get("metadata") : new JsonObject());
            } catch (CellException x) {
                value.put("status", "error");
                value.put("ename", x.ename());
                value.put("evalue", x.evalue());
                value.put("traceback", x.traceback());
            } catch (Exception x) {
                value.put("status", "error");
                value.put("ename", x.getClass().getName());
                value.put("evalue", String.valueOf(x.getMessage()));
                value.put("traceback", List.of(String.valueOf(x)));
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    private void publishError(WireMessage request, int count, CellException e, Map<String, Object> reply) {
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

    /** Runs {@code work} on the evaluation thread once JShell is up (waiting for it here, not there). */
    private <T> T onEvaluationThread(Work<T> work) throws Exception {
        runner.get();
        return evaluation.call(work::run);
    }

    // ------------------------------------------------------------------------------------------ history

    /** Spec 5.3, "History": {@code tail}, {@code range} and {@code search} over this kernel's cells. */
    private Map<String, Object> history(JsonObject c) {
        boolean output = bool(c, "output", false);
        String access = string(c, "hist_access_type");
        List<HistoryEntry> all;
        synchronized (history) {
            all = new ArrayList<>(history);
        }
        List<HistoryEntry> chosen = new ArrayList<>();
        switch (access) {
            case "range" -> {
                int session = integer(c, "session", 0);
                int start = integer(c, "start", 0);
                int stop = integer(c, "stop", Integer.MAX_VALUE);
                if (session == 0 || session == HISTORY_SESSION) {
                    all.stream()
                            .filter(h -> h.line() >= start && h.line() < stop)
                            .forEach(chosen::add);
                }
            }
            case "search" -> {
                Pattern glob = glob(string(c, "pattern").isEmpty() ? "*" : string(c, "pattern"));
                boolean unique = bool(c, "unique", false);
                List<String> seen = new ArrayList<>();
                for (HistoryEntry h : all) {
                    if (glob.matcher(h.input()).matches() && !(unique && seen.contains(h.input()))) {
                        chosen.add(h);
                        seen.add(h.input());
                    }
                }
                chosen = last(chosen, integer(c, "n", chosen.size()));
            }
            default -> chosen = last(all, integer(c, "n", all.size())); // "tail"
        }
        List<Object> entries = new ArrayList<>();
        for (HistoryEntry h : chosen) {
            Object input = output ? java.util.Arrays.asList(h.input(), h.output()) : h.input();
            entries.add(java.util.Arrays.asList(HISTORY_SESSION, h.line(), input));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("history", entries);
        return reply;
    }

    private static <T> List<T> last(List<T> list, int n) {
        return list.subList(Math.max(0, list.size() - Math.max(0, n)), list.size());
    }

    /** IPython's history search pattern: {@code *} any run, {@code ?} one character. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder("(?s)");
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            switch (ch) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    // ------------------------------------------------------------------------------------------ introspection

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

    private Map<String, Object> complete(JsonObject c) {
        String code = string(c, "code");
        int cursor = integer(c, "cursor_pos", code.length());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("metadata", Map.of());
        try {
            JShellSession.Completion completion = onEvaluationThread(() -> session.complete(javaOnly(code), cursor));
            reply.put("matches", completion.matches());
            reply.put("cursor_start", completion.start());
            reply.put("cursor_end", completion.end());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "completion failed", e);
            reply.put("matches", List.of());
            reply.put("cursor_start", cursor);
            reply.put("cursor_end", cursor);
        }
        return reply;
    }

    private Map<String, Object> inspect(JsonObject c) {
        String code = string(c, "code");
        int cursor = integer(c, "cursor_pos", code.length());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        String text = null;
        try {
            text = onEvaluationThread(() -> session.inspect(javaOnly(code), cursor));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "inspection failed", e);
        }
        reply.put("found", text != null);
        reply.put("data", text == null ? Map.of() : Map.of("text/plain", text));
        reply.put("metadata", Map.of());
        return reply;
    }

    private Map<String, Object> isComplete(JsonObject c) {
        String code = string(c, "code");
        String status;
        try {
            status = onEvaluationThread(() -> session.isComplete(javaOnly(code)));
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

    // ------------------------------------------------------------------------------------------ display

    @Override
    public void display(Object value, String[] mimeTypes, String id, boolean update) {
        DisplayData data = renderers.render(value, mimeTypes);
        if (!update) {
            displayIdsThisCell.add(id);
        }
        publishDisplay(data, id, update);
    }

    private void publishDisplay(DisplayData data, String id, boolean update) {
        System.out.flush();
        System.err.flush();
        JsonObject content = WireCodec.gson().toJsonTree(data).getAsJsonObject();
        if (!content.has("metadata")) {
            content.add("metadata", new JsonObject());
        }
        JsonObject transientData = new JsonObject();
        transientData.addProperty("display_id", id);
        content.add("transient", transientData);
        iopub.publish(currentParent, update ? "update_display_data" : "display_data", content);
    }

    @Override
    public DisplayData render(Object value, String[] mimeTypes) {
        return renderers.render(value, mimeTypes);
    }

    // ------------------------------------------------------------------------------------------ notebook functions

    @Override
    public Object lineMagic(String name, List<String> args) throws Exception {
        return runner.get().magics().line(name, args);
    }

    @Override
    public Object cellMagic(String name, List<String> args, String body) throws Exception {
        return runner.get().magics().cell(name, args, body);
    }

    @Override
    public Object eval(String code) throws Exception {
        return runner.get().evalNested(code);
    }

    /** What IJava's {@code JavaKernel} hands to notebooks. */
    private final class IJavaServices implements JavaKernel.Services {
        @Override
        public Renderer renderer() {
            return renderers.baseRenderer();
        }

        @Override
        public io.github.spencerpark.jupyter.kernel.magic.registry.Magics magics() {
            try {
                return runner.get().magics().registry();
            } catch (Exception e) {
                throw new IllegalStateException("the kernel is not ready: " + e.getMessage(), e);
            }
        }

        @Override
        public void display(DisplayData data) {
            String id = data.hasDisplayId()
                    ? data.getDisplayId()
                    : UUID.randomUUID().toString();
            publishDisplay(data, id, false);
        }

        @Override
        public Object eval(String code) throws Exception {
            return KernelServer.this.eval(code);
        }

        @Override
        public DisplayData render(Object value) {
            return renderers.render(value);
        }

        @Override
        public void addToClasspath(String path) {
            try {
                runner.get().addToClasspath(path);
            } catch (Exception e) {
                throw new IllegalStateException("the kernel is not ready: " + e.getMessage(), e);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ JSON fields

    private static boolean bool(JsonObject o, String field, boolean otherwise) {
        JsonElement e = o.get(field);
        return (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) ? e.getAsBoolean() : otherwise;
    }

    private static int integer(JsonObject o, String field, int otherwise) {
        JsonElement e = o.get(field);
        return (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) ? e.getAsInt() : otherwise;
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) ? e.getAsString() : "";
    }
}
