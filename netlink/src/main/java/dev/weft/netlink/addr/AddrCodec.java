package dev.weft.netlink.addr;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;

import java.nio.ByteBuffer;

/** ifaddrmsg encoding (uapi if_addr.h). */
public final class AddrCodec {
    public static final int IFADDRMSG = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_FLAGS = 8;
    /** IFA_F_NODAD: skip duplicate address detection (IPv6). */
    public static final int NODAD = 0x02;
    public static final int PERMANENT = 0x80;

    private AddrCodec() {
    }

    /** An address on a link as the kernel reports it. */
    public record Addr(int index, InterfaceAddress address, int flags) {
    }

    private static byte[] ifaddrmsg(boolean v4, int prefix, int index) {
        return Bytes.allocate(IFADDRMSG).put((byte) (v4 ? Nl.AF_INET : Nl.AF_INET6)).put((byte) prefix)
                .put((byte) 0).put((byte) 0).putInt(index).array();
    }

    /** RTM_NEWADDR; {@code replace} uses NLM_F_REPLACE (idempotent) instead of NLM_F_EXCL. */
    public static MessageBuilder add(int index, InterfaceAddress a, int flags, boolean replace) {
        int f = Nl.F_REQUEST | Nl.F_ACK | Nl.F_CREATE | (replace ? Nl.F_REPLACE : Nl.F_EXCL);
        MessageBuilder m = new MessageBuilder(Nl.RTM_NEWADDR, f).struct(ifaddrmsg(a.isV4(), a.prefixLength(), index));
        m.attr(IFA_LOCAL, a.address().bytes()).attr(IFA_ADDRESS, a.address().bytes());
        if (flags != 0) {
            m.u32(IFA_FLAGS, flags);
        }
        return m;
    }

    public static MessageBuilder delete(int index, InterfaceAddress a) {
        return new MessageBuilder(Nl.RTM_DELADDR, Nl.F_REQUEST | Nl.F_ACK)
                .struct(ifaddrmsg(a.isV4(), a.prefixLength(), index))
                .attr(IFA_LOCAL, a.address().bytes()).attr(IFA_ADDRESS, a.address().bytes());
    }

    public static MessageBuilder dump(int family) {
        return new MessageBuilder(Nl.RTM_GETADDR, Nl.F_REQUEST | Nl.F_DUMP)
                .struct(Bytes.allocate(IFADDRMSG).put((byte) family).array());
    }

    public static Addr decode(Message m) {
        ByteBuffer b = m.buffer();
        int prefix = b.get(1) & 0xff;
        int index = b.getInt(4);
        Attrs a = m.attrs(IFADDRMSG);
        byte[] ip = a.get(IFA_LOCAL).or(() -> a.get(IFA_ADDRESS)).orElseThrow();
        int flags = a.u32(IFA_FLAGS).orElse(b.get(2) & 0xff);
        return new Addr(index, new InterfaceAddress(IpAddress.of(ip), prefix), flags);
    }
}
