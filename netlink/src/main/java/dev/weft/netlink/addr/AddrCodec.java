package dev.weft.netlink.addr;

import dev.weft.netlink.codec.Attrs;
import dev.weft.netlink.codec.Bytes;
import dev.weft.netlink.codec.Message;
import dev.weft.netlink.codec.MessageBuilder;
import dev.weft.netlink.codec.Nl;
import dev.weft.net.InterfaceAddress;
import dev.weft.net.IpAddress;

import java.nio.ByteBuffer;

/** ifaddrmsg encoding and decoding (uapi if_addr.h). */
public final class AddrCodec {
    /** sizeof(struct ifaddrmsg). */
    public static final int IFADDRMSG = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_FLAGS = 8;
    /** IFA_F_NODAD: skip duplicate address detection (IPv6). */
    public static final int NODAD = 0x02;
    /** IFA_F_PERMANENT: configured, not autoconfigured; the kernel sets it. */
    public static final int PERMANENT = 0x80;

    private AddrCodec() {
    }

    /** An address on a link as the kernel reports it, with its IFA_F_* flags. */
    public record Addr(int index, InterfaceAddress address, int flags) {
        /** Whether all of {@code flag}'s bits are set. */
        public boolean has(int flag) {
            return (flags & flag) == flag;
        }
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

    /** RTM_DELADDR. */
    public static MessageBuilder delete(int index, InterfaceAddress a) {
        return new MessageBuilder(Nl.RTM_DELADDR, Nl.F_REQUEST | Nl.F_ACK)
                .struct(ifaddrmsg(a.isV4(), a.prefixLength(), index))
                .attr(IFA_LOCAL, a.address().bytes()).attr(IFA_ADDRESS, a.address().bytes());
    }

    /** RTM_GETADDR dump of one family ({@code AF_UNSPEC}: both). */
    public static MessageBuilder dump(int family) {
        return dump(family, 0);
    }

    /**
     * A dump of the addresses of link {@code index} (0: all links). The kernel filters by index
     * only on a socket with strict checking on; elsewhere it sends every address.
     */
    public static MessageBuilder dump(int family, int index) {
        return new MessageBuilder(Nl.RTM_GETADDR, Nl.F_REQUEST | Nl.F_DUMP)
                .struct(Bytes.allocate(IFADDRMSG).put((byte) family).putInt(4, index).array());
    }

    /** Decodes RTM_NEWADDR/RTM_DELADDR (IFA_LOCAL, else IFA_ADDRESS; IFA_FLAGS over the 8-bit field). */
    public static Addr decode(Message m) {
        ByteBuffer b = m.buffer();
        int prefix = b.get(1) & 0xff;
        int index = b.getInt(4);
        Attrs a = m.attrs(IFADDRMSG);
        byte[] ip = a.get(IFA_LOCAL).or(() -> a.get(IFA_ADDRESS))
                .orElseThrow(() -> new IllegalArgumentException("address message without IFA_LOCAL/IFA_ADDRESS"));
        int flags = a.u32(IFA_FLAGS).orElse(b.get(2) & 0xff);
        return new Addr(index, new InterfaceAddress(IpAddress.of(ip), prefix), flags);
    }
}
