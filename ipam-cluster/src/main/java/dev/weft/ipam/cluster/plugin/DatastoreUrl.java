package dev.weft.ipam.cluster.plugin;

import dev.weft.store.Datastore;
import dev.weft.store.embedded.EmbeddedDatastore;
import dev.weft.store.etcd.EtcdDatastore;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A datastore named as the CLI's {@code --datastore} names it: {@code etcd://host:port[,host:port]}
 * or the embedded store's file ({@code file://PATH} or an absolute path). The normal form is the
 * key under which the agent shares one {@link dev.weft.ipam.cluster.ClusterIpam} per datastore, so
 * two spellings of one store meet.
 */
public final class DatastoreUrl {
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");

    private DatastoreUrl() {
    }

    /** The normal form; an {@link IllegalArgumentException} says what is wrong. */
    public static String normalize(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("must be etcd://host:port[,host:port...] or an absolute file path, not empty");
        }
        if (url.startsWith("etcd://")) {
            String[] hosts = url.substring(7).split(",", -1);
            for (String h : hosts) {
                if (!ENDPOINT.matcher(h).matches()) {
                    throw new IllegalArgumentException("\"" + url + "\": endpoint \"" + h + "\" is not host:port");
                }
            }
            return url;
        }
        String file = url.startsWith("file://") ? url.substring(7) : url;
        Path p = Path.of(file);
        if (!p.isAbsolute() || file.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("\"" + url + "\" is neither etcd://host:port nor an absolute file path");
        }
        return p.normalize().toString();
    }

    /** Opens the datastore (an etcd client connects lazily, on the first request). */
    public static Datastore open(String url) {
        String n = normalize(url);
        return n.startsWith("etcd://") ? EtcdDatastore.fromUrl(n) : new EmbeddedDatastore(Path.of(n));
    }
}
