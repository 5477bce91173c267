package dev.weft.cnm.server;

import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 as Docker's plugin client speaks it on a unix socket: with an empty {@code Host}
 * header, which Jetty refuses ("400 Blank Host") and no compliance mode relaxes. An empty Host is
 * read as {@code localhost}; everything else is Jetty's own parsing.
 */
final class BlankHostConnectionFactory extends HttpConnectionFactory {
    BlankHostConnectionFactory(HttpConfiguration config) {
        super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection conn = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected RequestHandler newRequestHandler() {
                return new RequestHandler() {
                    @Override
                    public void parsedHeader(HttpField field) {
                        if (field.getHeader() == HttpHeader.HOST && field.getValue().isBlank()) {
                            super.parsedHeader(new HostPortHttpField("localhost"));
                        } else {
                            super.parsedHeader(field);
                        }
                    }
                };
            }
        };
        return configure(conn, connector, endPoint);
    }
}
