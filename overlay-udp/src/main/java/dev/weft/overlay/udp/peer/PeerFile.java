package dev.weft.overlay.udp.peer;

import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The peers file: how the node agent tells the datapath process who its peers are. One peer per
 * line, {@code SUBNET UNDERLAY-ADDRESS} ({@code 10.244.2.0/24 192.0.2.12}), {@code #} comments and
 * blank lines ignored. The agent writes it whole through a temporary file and a rename, so the
 * datapath never reads half of it; a file that does not parse is refused whole, with the line
 * number, and the table in force stays.
 */
public final class PeerFile {
    static final String HEADER = "# weft udp overlay peers: SUBNET UNDERLAY-ADDRESS";

    private PeerFile() {
    }

    /** Parses the file's text. */
    public static Map<Cidr, IpAddress> parse(String text) {
        Map<Cidr, IpAddress> peers = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 2) {
                throw new IllegalArgumentException("peers line " + (i + 1) + ": expected SUBNET ADDRESS, got \"" + line + "\"");
            }
            try {
                Cidr subnet = Cidr.parse(f[0]);
                IpAddress peer = IpAddress.parse(f[1]);
                if (peers.put(subnet, peer) != null) {
                    throw new IllegalArgumentException("subnet " + subnet + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("peers line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        PeerTable.of(peers); // the table's own checks, with the entry named
        return peers;
    }

    /** The text of {@code peers}. */
    public static String format(Map<Cidr, IpAddress> peers) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        peers.forEach((subnet, peer) -> b.append(subnet).append(' ').append(peer).append('\n'));
        return b.toString();
    }

    /** Reads and parses {@code file}. */
    public static Map<Cidr, IpAddress> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code peers} to {@code file} atomically (a temporary file beside it, then a rename);
     * an unchanged file is left alone. Returns whether it changed.
     */
    public static boolean write(Path file, Map<Cidr, IpAddress> peers) throws IOException {
        PeerTable.of(peers);
        String text = format(peers);
        if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return false;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }
}
