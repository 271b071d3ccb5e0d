package org.moca.kernel.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A Jupyter request channel (shell, control or stdin): a ZeroMQ ROUTER socket owned by one I/O thread.
 *
 * <p>The I/O thread reads each multipart message whole as soon as it arrives, decodes it with {@link WireCodec}
 * and hands it to the channel's handler; so a request is read the moment it
 * lands, even while a cell runs. Replies may be sent from any thread: {@link #send} queues the frames and wakes the
 * I/O thread through an in-process socket, since a ZeroMQ socket must only be used by the thread that owns it.
 * A message that does not decode (no delimiter, bad JSON, a wrong signature) is dropped with a log line and never
 * affects the next one.
 */
public final class RouterChannel {
    private static final Logger LOG = Logger.getLogger(RouterChannel.class.getName());
    private static final AtomicInteger WAKE_IDS = new AtomicInteger();

    private final String name;
    private final ZMQ.Context context;
    private final WireCodec codec;
    private final String endpoint;
    private final String wakeEndpoint;
    private final ConcurrentLinkedQueue<List<byte[]>> outbox = new ConcurrentLinkedQueue<>();
    private final Object wakeLock = new Object();
    private ZMQ.Socket wakeSender;
    private volatile boolean running = true;
    private Thread thread;

    /**
     * @param context  the kernel's ZeroMQ context
     * @param codec    message encoding and signatures
     * @param name     channel name for logs and the thread ("shell", "control", "stdin")
     * @param endpoint where to bind, e.g. {@code tcp://127.0.0.1:5555}
     */
    public RouterChannel(ZMQ.Context context, WireCodec codec, String name, String endpoint) {
        this.context = context;
        this.codec = codec;
        this.name = name;
        this.endpoint = endpoint;
        this.wakeEndpoint = "inproc://moca-kernel-" + name + "-" + WAKE_IDS.incrementAndGet();
    }

    /** Binds and starts the I/O thread, which calls {@code handler} for each decoded message (keep it quick). */
    public void start(Consumer<WireMessage> handler) {
        ZMQ.Socket router = context.socket(SocketType.ROUTER);
        router.setLinger(1000);
        router.bind(endpoint);
        ZMQ.Socket wakeReceiver = context.socket(SocketType.PULL);
        wakeReceiver.bind(wakeEndpoint);
        wakeSender = context.socket(SocketType.PUSH);
        wakeSender.setLinger(0);
        wakeSender.connect(wakeEndpoint);
        thread = new Thread(() -> run(router, wakeReceiver, handler), "moca-kernel-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(ZMQ.Socket router, ZMQ.Socket wakeReceiver, Consumer<WireMessage> handler) {
        try (ZMQ.Poller poller = context.poller(2)) {
            poller.register(router, ZMQ.Poller.POLLIN);
            poller.register(wakeReceiver, ZMQ.Poller.POLLIN);
            while (running) {
                if (poller.poll(200) < 0) {
                    break;
                }
                if (poller.pollin(1)) {
                    while (wakeReceiver.recv(ZMQ.DONTWAIT) != null) {
                        // drained: the outbox below holds what to send
                    }
                }
                sendQueued(router);
                if (poller.pollin(0)) {
                    List<byte[]> frames = readMultipart(router);
                    if (frames != null) {
                        dispatch(frames, handler);
                    }
                }
            }
            sendQueued(router);
        } catch (RuntimeException e) {
            if (running) {
                LOG.log(Level.SEVERE, "the " + name + " channel failed", e);
            }
        } finally {
            router.close();
            wakeReceiver.close();
        }
    }

    private void dispatch(List<byte[]> frames, Consumer<WireMessage> handler) {
        WireMessage message;
        try {
            message = codec.decode(frames);
        } catch (MalformedMessageException e) {
            LOG.warning("dropped a message on " + name + ": " + e.getMessage());
            return;
        }
        try {
            handler.accept(message);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "failed to handle a " + message.type() + " on " + name, e);
        }
    }

    /** The frames of one multipart message, or {@code null} if none is waiting. */
    static List<byte[]> readMultipart(ZMQ.Socket socket) {
        byte[] first = socket.recv(ZMQ.DONTWAIT);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private void sendQueued(ZMQ.Socket router) {
        List<byte[]> frames;
        while ((frames = outbox.poll()) != null) {
            for (int i = 0; i < frames.size(); i++) {
                router.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }
    }

    /** Sends {@code message} (from any thread). */
    public void send(WireMessage message) {
        outbox.add(codec.encode(message));
        synchronized (wakeLock) {
            if (wakeSender != null) {
                wakeSender.send(new byte[0], ZMQ.DONTWAIT);
            }
        }
    }

    /** Stops the I/O thread after it has sent what is queued, and closes the sockets. */
    public void close() {
        running = false;
        synchronized (wakeLock) {
            if (wakeSender != null) {
                wakeSender.send(new byte[0], ZMQ.DONTWAIT);
                wakeSender.close();
                wakeSender = null;
            }
        }
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The channel's name, for logs. */
    public String name() {
        return name;
    }
}
