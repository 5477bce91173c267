package dev.weft.ipam.hostlocal;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.Dns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads nameserver, domain, search and options lines of a resolv.conf into result DNS. */
public final class ResolvConf {
    /** Far more than any resolv.conf (glibc reads 3 nameservers, 6 search domains). */
    static final int MAX_SIZE = 64 * 1024;
    private ResolvConf() {
    }

    /**
     * Reads {@code file}, which must be a regular file (a device such as {@code /dev/zero} or a
     * FIFO would never end) of at most {@link #MAX_SIZE} bytes: code 7 naming the field otherwise.
     */
    public static Dns read(Path file) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"ipam.resolvConf\": " + file
                    + " is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_SIZE + 1);
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot read resolvConf " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_SIZE) {
            throw new CniException(CniErrorCode.INVALID_NETWORK_CONFIG, "field \"ipam.resolvConf\": " + file
                    + " is larger than " + MAX_SIZE + " bytes");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8).lines().toList());
    }

    static Dns parse(List<String> lines) {
        List<String> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        String domain = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String[] f = line.split("\\s+");
            List<String> rest = Arrays.asList(f).subList(1, f.length);
            switch (f[0]) {
                case "nameserver" -> servers.addAll(rest);
                case "domain" -> domain = rest.isEmpty() ? null : rest.getFirst();
                case "search" -> search.addAll(rest);
                case "options" -> options.addAll(rest);
                default -> { }
            }
        }
        return new Dns(servers, domain, search, options);
    }
}
