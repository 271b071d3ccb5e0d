package org.moca.kernel.protocol;

import io.github.spencerpark.jupyter.channels.JupyterSocket;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import io.github.spencerpark.jupyter.messages.HMACGenerator;
import io.github.spencerpark.jupyter.messages.Message;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * One Jupyter socket (shell, control, stdin or iopub) bound exactly where the connection file says.
 *
 * <p>Framing and the HMAC signature check come from the base library's {@link JupyterSocket}; what this class
 * changes is who drives it: the base library polls every socket on a thread that sleeps 50 ms between polls,
 * which puts up to 50 ms on every request. {@link #poll(long)} instead blocks in ZeroMQ until a message arrives
 * (or the timeout, which only bounds how late a shutdown is noticed), so a request is read the moment it lands.
 */
public final class Channel extends JupyterSocket {
    private final String name;
    private final ToIntFunction<KernelConnectionProperties> port;
    private ZMQ.Poller poller;

    /**
     * @param context ZeroMQ context shared by all channels of the kernel
     * @param type    ROUTER for shell/control/stdin, PUB for iopub
     * @param hmac    signer/verifier built from the connection file's key and scheme
     * @param name    channel name for logs ("shell", "control", ...)
     * @param port    which port of the connection file this channel binds
     */
    public Channel(
            ZMQ.Context context,
            SocketType type,
            HMACGenerator hmac,
            String name,
            ToIntFunction<KernelConnectionProperties> port) {
        super(context, type, hmac, Logger.getLogger("moca.kernel." + name));
        this.name = name;
        this.port = port;
    }

    /** Binds to {@code transport://ip:port} from the connection file (127.0.0.1 unless it says otherwise). */
    @Override
    public void bind(KernelConnectionProperties connection) {
        setLinger(1000);
        super.bind(address(connection, port.applyAsInt(connection)));
        poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
    }

    /**
     * The ZeroMQ endpoint for {@code port}: {@code tcp://ip:port}, or for the {@code ipc} transport the path
     * {@code ipc://ip-port}, as Jupyter names it.
     */
    public static String address(KernelConnectionProperties connection, int port) {
        String transport = connection.getTransport();
        return "ipc".equals(transport)
                ? "ipc://" + connection.getIp() + "-" + port
                : formatAddress(transport, connection.getIp(), port);
    }

    /**
     * Waits up to {@code timeoutMs} for the next message and reads it.
     *
     * @return the message, or {@code null} if none arrived in time
     * @throws SecurityException if the message's HMAC signature is wrong (the message is consumed and dropped)
     */
    public Message<?> poll(long timeoutMs) {
        if (poller.poll(timeoutMs) <= 0 || !poller.pollin(0)) {
            return null;
        }
        return readMessage();
    }

    /** The channel's name, for logs. */
    public String name() {
        return name;
    }
}
