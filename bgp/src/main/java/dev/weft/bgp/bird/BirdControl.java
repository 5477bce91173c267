package dev.weft.bgp.bird;

import dev.weft.bgp.BgpException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * BIRD's control socket spoken directly (what {@code birdc} does): connect, read the welcome
 * ({@code 0001}), send one command line, read the reply up to its final line. One connection per
 * request, so a stuck or restarted BIRD never leaves a half-read reply behind; each request is
 * abandoned after the timeout by closing the socket.
 */
public final class BirdControl {
    private static final int MAX_LINES = 2_000_000;
    private final Path socket;
    private final Duration timeout;
    private final ZoneId zone;

    public BirdControl(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        this.zone = ZoneId.systemDefault();
    }

    public BirdControl(Path socket) {
        this(socket, Duration.ofSeconds(10));
    }

    public Path socket() {
        return socket;
    }

    /** Every protocol with its details ({@code show protocols all}). */
    public List<ProtocolStatus> showProtocols() {
        return ProtocolsParser.parse(expectOk(request("show protocols all")), zone);
    }

    /** Every route in BIRD's tables ({@code show route}). */
    public List<RouteEntry> showRoutes() {
        return RoutesParser.parse(expectOk(request("show route")), zone);
    }

    /** The routes BIRD learned over BGP, the best and the others ({@code show route where source = RTS_BGP}). */
    public List<RouteEntry> learnedRoutes() {
        return RoutesParser.parse(expectOk(request("show route where source = RTS_BGP")), zone);
    }

    /** Re-reads the configuration file BIRD was started with ({@code configure}). */
    public ConfigureResult configure() {
        return ConfigureResult.of(request("configure"));
    }

    /** Parses the running configuration file again without applying it ({@code configure check}). */
    public ConfigureResult configureCheck() {
        return ConfigureResult.of(request("configure check"));
    }

    /** Parses {@code file} without applying it ({@code configure check "FILE"}). */
    public ConfigureResult configureCheck(Path file) {
        return ConfigureResult.of(request("configure check " + quoted(file)));
    }

    /** True when BIRD answers {@code show status} with "Daemon is up and running" (0013). */
    public boolean ping() {
        try {
            return request("show status").code() == 13;
        } catch (BgpException e) {
            return false;
        }
    }

    /** Sends {@code command} and returns BIRD's reply, whatever its code. */
    public BirdReply request(String command) {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("command: one line, got " + command.replace("\n", "\\n"));
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            Thread watchdog = Thread.ofVirtual().start(() -> closeAfter(ch, timeout));
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                BirdReply welcome = read(in);
                if (welcome.code() != 1) {
                    throw new BgpException(socket + ": not BIRD's welcome: " + welcome.message());
                }
                ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
                return read(in);
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException e) {
            throw new BgpException("BIRD control socket " + socket + ": " + command + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new BgpException("BIRD control socket " + socket + ": " + command + ": " + e.getMessage(), e);
        }
    }

    private static BirdReply read(BufferedReader in) throws IOException {
        BirdReply.Reader reader = new BirdReply.Reader();
        for (int n = 0; n < MAX_LINES; n++) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("BIRD closed the connection in the middle of a reply");
            }
            BirdReply reply = reader.accept(line);
            if (reply != null) {
                return reply;
            }
        }
        throw new IOException("reply longer than " + MAX_LINES + " lines");
    }

    private static void closeAfter(SocketChannel ch, Duration timeout) {
        try {
            Thread.sleep(timeout);
            ch.close();
        } catch (InterruptedException | IOException e) {
            // finished in time (interrupted), or already closed
        }
    }

    private BirdReply expectOk(BirdReply r) {
        if (!r.ok()) {
            throw new BgpException("BIRD refused a request on " + socket + ": " + r.code() + " " + r.message());
        }
        return r;
    }

    private static String quoted(Path file) {
        String s = file.toString();
        if (s.contains("\"") || s.contains("\\")) {
            throw new IllegalArgumentException("file: a path BIRD can read quoted, got " + s);
        }
        return "\"" + s + "\"";
    }
}
