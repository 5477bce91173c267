package dev.weft.ipam.hostlocal;

import dev.weft.cni.CniErrorCode;
import dev.weft.cni.CniException;
import dev.weft.cni.result.Dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads nameserver, domain, search and options lines of a resolv.conf into result DNS. */
public final class ResolvConf {
    private ResolvConf() {
    }

    public static Dns read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new CniException(CniErrorCode.IO_FAILURE, "cannot read resolvConf " + file + ": " + e.getMessage(), e);
        }
        return parse(lines);
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
