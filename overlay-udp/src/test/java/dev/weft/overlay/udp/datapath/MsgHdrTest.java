package dev.weft.overlay.udp.datapath;

import dev.weft.netlink.sys.Datagram;
import dev.weft.netlink.sys.MsgHdr;
import dev.weft.netlink.sys.SockaddrIn;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

/** The struct layouts the datapath hands the kernel, byte by byte (LP64 Linux). */
class MsgHdrTest {

    @Test
    void udpSegmentControlMessageIsCmsgLenLevelTypeAndAU16() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(32, 8);
            int space = MsgHdr.putCmsgU16(c, 0, Datagram.SOL_UDP, Datagram.UDP_SEGMENT, 1472);
            assertThat(space).isEqualTo(24);
            assertThat(c.get(JAVA_LONG, 0)).isEqualTo(18);
            assertThat(c.get(JAVA_INT, 8)).isEqualTo(17);
            assertThat(c.get(JAVA_INT, 12)).isEqualTo(103);
            assertThat(c.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 16)).isEqualTo((short) 1472);
        }
    }

    @Test
    void findsTheGroSegmentSizeAmongControlMessages() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(64, 8);
            // first an unrelated message (SOL_SOCKET/SO_TIMESTAMP-like, 16 data bytes), then UDP_GRO with an int
            c.set(JAVA_LONG, 0, 16 + 16);
            c.set(JAVA_INT, 8, 1);
            c.set(JAVA_INT, 12, 29);
            c.set(JAVA_LONG, 32, 16 + 4);
            c.set(JAVA_INT, 40, Datagram.SOL_UDP);
            c.set(JAVA_INT, 44, Datagram.UDP_GRO);
            c.set(JAVA_INT, 48, 1400);
            assertThat(MsgHdr.findCmsgInt(c, 0, 56, Datagram.SOL_UDP, Datagram.UDP_GRO)).isEqualTo(1400);
            assertThat(MsgHdr.findCmsgInt(c, 0, 32, Datagram.SOL_UDP, Datagram.UDP_GRO)).as("not within the length").isEqualTo(-1);
            c.set(JAVA_LONG, 0, 4);
            assertThat(MsgHdr.findCmsgInt(c, 0, 56, Datagram.SOL_UDP, Datagram.UDP_GRO)).as("a broken cmsg_len").isEqualTo(-1);
        }
    }

    @Test
    void msghdrAndSockaddrFieldsSitWhereTheKernelReadsThem() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(MsgHdr.MMSG_SIZE, 8);
            MemorySegment name = a.allocate(16, 8);
            MemorySegment iov = a.allocate(16, 8);
            MemorySegment ctl = a.allocate(32, 8);
            MsgHdr.set(m, 0, name, 0, 16, iov, 0, 1, ctl, 8, 24);
            assertThat(m.get(JAVA_LONG, 0)).isEqualTo(name.address());
            assertThat(m.get(JAVA_INT, 8)).isEqualTo(16);
            assertThat(m.get(JAVA_LONG, 16)).isEqualTo(iov.address());
            assertThat(m.get(JAVA_LONG, 24)).isEqualTo(1);
            assertThat(m.get(JAVA_LONG, 32)).isEqualTo(ctl.address() + 8);
            assertThat(m.get(JAVA_LONG, 40)).isEqualTo(24);
            SockaddrIn.set(name, 0, 0xc0000201, 8285);
            byte[] raw = name.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertThat(raw).startsWith(2, 0, 0x20, 0x5d, (byte) 192, 0, 2, 1);
            assertThat(SockaddrIn.address(name, 0)).isEqualTo(0xc0000201);
            assertThat(SockaddrIn.port(name, 0)).isEqualTo(8285);
        }
    }
}
