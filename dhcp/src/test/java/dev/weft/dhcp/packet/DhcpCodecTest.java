package dev.weft.dhcp.packet;

import dev.weft.dhcp.packet.DhcpDecodeException.Problem;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DhcpCodecTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    private static DhcpPacket discover(Options options) {
        return DhcpPacket.request(0x1234abcd, 7, true, null, MAC, options);
    }

    private static byte[] header(int optionsLength) {
        byte[] b = DhcpCodec.encode(discover(Options.NONE));
        return Arrays.copyOf(b, 240 + optionsLength);
    }

    private static Problem problemOf(byte[] bytes) {
        DhcpDecodeException e = catchThrowableOfType(DhcpDecodeException.class, () -> DhcpCodec.decode(bytes));
        assertThat(e).as("decoding should fail").isNotNull();
        return e.problem();
    }

    @Test
    void encodesTheHeaderWhereRfc2131PutsIt() {
        DhcpPacket p = discover(Options.builder().messageType(MessageType.DISCOVER).build());
        byte[] b = DhcpCodec.encode(p);
        assertThat(b).hasSize(DhcpCodec.MIN_MESSAGE);
        assertThat(HexFormat.of().formatHex(b, 0, 12)).isEqualTo("010106001234abcd00078000");
        assertThat(HexFormat.of().formatHex(b, 28, 34)).isEqualTo("020000000001");
        assertThat(HexFormat.of().formatHex(b, 236, 244)).isEqualTo("63825363" + "350101ff");
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        DhcpPacket p = new DhcpPacket(Op.BOOTREPLY, 1, 3, -7, 65535, 0x8001, IpAddress.parse("10.0.0.2"),
                IpAddress.parse("10.0.0.3"), IpAddress.parse("10.0.0.4"), IpAddress.parse("10.0.0.5"),
                Octets.ofHex("0102030405060708090a0b0c0d0e0f10"), Octets.ofText("server"), Octets.ofText("boot.img"),
                Options.builder().messageType(MessageType.ACK).put(200, Octets.EMPTY).put(201, Octets.ofHex("ff")).build());
        assertThat(DhcpCodec.decode(DhcpCodec.encode(p))).isEqualTo(p);
    }

    @Test
    void valuesOver255BytesAreSplitAndJoinedAgain() throws Exception {
        byte[] big = new byte[600];
        Arrays.fill(big, (byte) 7);
        DhcpPacket p = discover(Options.builder().put(224, Octets.of(big)).build());
        byte[] b = DhcpCodec.encode(p);
        assertThat(b[240] & 0xff).isEqualTo(224);
        assertThat(b[241] & 0xff).isEqualTo(255);
        assertThat(b[240 + 257] & 0xff).isEqualTo(224);
        assertThat(DhcpCodec.decode(b)).isEqualTo(p);
    }

    @Test
    void repeatedOptionsAreConcatenated() throws Exception {
        byte[] b = header(16);
        byte[] opts = HexFormat.of().parseHex("0604c0000235" + "00" + "0604c0000236" + "ff");
        System.arraycopy(opts, 0, b, 240, opts.length);
        assertThat(DhcpCodec.decode(b).options().dnsServers())
                .containsExactly(IpAddress.parse("192.0.2.53"), IpAddress.parse("192.0.2.54"));
    }

    @Test
    void overloadedFileAndSnameHoldMoreOptions() throws Exception {
        byte[] b = header(4);
        System.arraycopy(HexFormat.of().parseHex("340103ff"), 0, b, 240, 4);
        System.arraycopy(HexFormat.of().parseHex("0c03637472ff"), 0, b, 108, 6); // file: host name
        System.arraycopy(HexFormat.of().parseHex("0f0178ff"), 0, b, 44, 4);      // sname: domain
        DhcpPacket p = DhcpCodec.decode(b);
        assertThat(p.options().hostName()).contains("ctr");
        assertThat(p.options().domainName()).contains("x");
        assertThat(p.options().has(OptionCode.OVERLOAD)).isFalse();
        assertThat(p.file()).isEqualTo(Octets.EMPTY);
        assertThat(p.sname()).isEqualTo(Octets.EMPTY);
    }

    @Test
    void eachProblemHasItsCode() {
        assertThat(problemOf(new byte[235])).isEqualTo(Problem.TRUNCATED_HEADER);
        byte[] badOp = header(1);
        badOp[0] = 3;
        assertThat(problemOf(badOp)).isEqualTo(Problem.BAD_OP);
        byte[] badHlen = header(1);
        badHlen[2] = 17;
        assertThat(problemOf(badHlen)).isEqualTo(Problem.BAD_HLEN);
        assertThat(problemOf(Arrays.copyOf(header(0), 236))).isEqualTo(Problem.BAD_COOKIE);
        byte[] badCookie = header(1);
        badCookie[239] = 0x64;
        assertThat(problemOf(badCookie)).isEqualTo(Problem.BAD_COOKIE);
        assertThat(problemOf(withOptions("3501"))).isEqualTo(Problem.TRUNCATED_OPTION);
        assertThat(problemOf(withOptions("35"))).isEqualTo(Problem.TRUNCATED_OPTION);
        assertThat(problemOf(withOptions("350101"))).isEqualTo(Problem.MISSING_END);
        assertThat(problemOf(withOptions("010300ffffff"))).isEqualTo(Problem.BAD_OPTION);
        assertThat(problemOf(withOptions("340104ff"))).isEqualTo(Problem.BAD_OVERLOAD);
    }

    @Test
    void messagesNameTheOptionAndWhatIsWrong() {
        assertThatThrownBy(() -> DhcpCodec.decode(withOptions("0104ff00ff00ff")))
                .isInstanceOf(DhcpDecodeException.class)
                .hasMessage("option 1 (subnet mask) is not a contiguous mask: ff00ff00");
        assertThatThrownBy(() -> DhcpCodec.decode(withOptions("210800000000c0000201ff")))
                .hasMessage("option 33 (static routes) has destination 0.0.0.0, which RFC 2132 forbids");
        assertThatThrownBy(() -> DhcpCodec.decode(withOptions("35010aff")))
                .hasMessage("option 53 (message type) has unknown message type 10");
        assertThatThrownBy(() -> DhcpCodec.decode(withOptions("0306c0000201ffffff")))
                .hasMessage("option 3 (router) has length 6 (must be a multiple of 4)");
    }

    @Test
    void builderRefusesWhatTheDecoderWouldRefuse() {
        assertThatThrownBy(() -> Options.builder().put(OptionCode.LEASE_TIME, Octets.ofHex("0102")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option 51 (lease time) has length 2 (must be 4)");
        assertThatThrownBy(() -> Options.builder().put(OptionCode.OVERLOAD, Octets.ofHex("01")))
                .hasMessageContaining("never overloads");
        assertThatThrownBy(() -> Options.builder().put(256, Octets.EMPTY)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Options.builder().address(OptionCode.SERVER_ID, IpAddress.parse("::1")))
                .hasMessageContaining("IPv4");
    }

    @Test
    void subnetPrefixAndTextOptions() throws Exception {
        Options o = Options.builder().subnetPrefix(20).text(OptionCode.DOMAIN_NAME, "example.org\0").build();
        assertThat(o.get(OptionCode.SUBNET_MASK)).contains(Octets.ofHex("fffff000"));
        DhcpPacket back = DhcpCodec.decode(DhcpCodec.encode(discover(o)));
        assertThat(back.options().subnetPrefix()).contains(20);
        assertThat(back.options().domainName()).contains("example.org");
        assertThat(Options.builder().subnetPrefix(0).build().subnetPrefix()).contains(0);
        assertThat(Options.builder().subnetPrefix(32).build().subnetPrefix()).contains(32);
    }

    @Test
    void headerFieldsAreValidated() {
        assertThatThrownBy(() -> new DhcpPacket(Op.BOOTREQUEST, 1, 0, 0, 70000, 0, null, null, null, null,
                Octets.EMPTY, null, null, null)).hasMessage("secs 70000 is out of range 0-65535");
        assertThatThrownBy(() -> new DhcpPacket(Op.BOOTREQUEST, 1, 0, 0, 0, 0, null, null, null, null,
                Octets.of(new byte[17]), null, null, null)).hasMessage("chaddr has 17 bytes (at most 16)");
    }

    private static byte[] withOptions(String hex) {
        byte[] opts = HexFormat.of().parseHex(hex);
        byte[] b = header(opts.length);
        System.arraycopy(opts, 0, b, 240, opts.length);
        return b;
    }
}
