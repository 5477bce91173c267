package dev.weft.cni.config;

import dev.weft.cni.CniException;
import dev.weft.cni.TestJson;
import dev.weft.cni.result.Dns;
import dev.weft.net.Cidr;
import dev.weft.net.IpAddress;
import dev.weft.net.MacAddress;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class RuntimeConfigTest {

    static RuntimeConfig parse(String runtimeConfig) {
        return RuntimeConfig.parse(TestJson.tree("{'type':'x','name':'n','cniVersion':'1.1.0','runtimeConfig':"
                + runtimeConfig + "}"));
    }

    static CniException cniError(ThrowingCallable call, int code) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(CniException.class);
        CniException e = (CniException) t;
        assertThat(e.code()).as("code of %s", e).isEqualTo(code);
        return e;
    }

    @Test
    void absentRuntimeConfigIsEmpty() {
        assertThat(RuntimeConfig.parse(TestJson.tree("{'type':'x'}"))).isEqualTo(RuntimeConfig.EMPTY);
        assertThat(parse("{}")).isEqualTo(RuntimeConfig.EMPTY);
        assertThat(parse("{'someFutureCapability':{'x':1}}")).isEqualTo(RuntimeConfig.EMPTY);
    }

    @Test
    void portMappings() {
        RuntimeConfig rc = parse("{'portMappings':[{'hostPort':8080,'containerPort':80,'protocol':'tcp'},"
                + "{'hostPort':8000,'containerPort':8001,'protocol':'UDP','hostIP':'192.0.2.4'},"
                + "{'hostPort':53,'containerPort':5353,'hostIP':'2001:db8::4'}]}");
        assertThat(rc.portMappings()).containsExactly(
                new PortMapping(8080, 80, "tcp", null),
                new PortMapping(8000, 8001, "udp", IpAddress.parse("192.0.2.4")),
                new PortMapping(53, 5353, "tcp", IpAddress.parse("2001:db8::4")));
    }

    /** What containerd's go-cni marshals: struct field names without JSON tags, an empty HostIP, a burst of MaxUint32. */
    @Test
    void capabilitiesAsAGoRuntimeSendsThem() {
        RuntimeConfig rc = parse("{'portMappings':[{'HostPort':18080,'ContainerPort':80,'Protocol':'tcp','HostIP':''}],"
                + "'bandwidth':{'IngressRate':10000000,'IngressBurst':4294967295,'EgressRate':20000000,'EgressBurst':4294967295}}");
        assertThat(rc.portMappings()).containsExactly(new PortMapping(18080, 80, "tcp", null));
        assertThat(rc.bandwidth()).contains(new Bandwidth(10_000_000, 4294967295L, 20_000_000, 4294967295L));
        assertThat(parse("{'portMappings':[{'hostPort':1,'HostPort':2,'containerPort':3}]}").portMappings())
                .as("the exact key wins, as in Go").containsExactly(new PortMapping(1, 3, "tcp", null));
    }

    @Test
    void ipRangesAreAListOfLists() {
        RuntimeConfig rc = parse("{'ipRanges':[[{'subnet':'10.1.2.0/24','rangeStart':'10.1.2.10',"
                + "'rangeEnd':'10.1.2.99','gateway':'10.1.2.254'},{'subnet':'10.1.3.0/24'}],"
                + "[{'subnet':'2001:db8:1::/64'}]]}");
        assertThat(rc.ipRanges()).containsExactly(
                List.of(new IpRange(Cidr.parse("10.1.2.0/24"), IpAddress.parse("10.1.2.10"),
                                IpAddress.parse("10.1.2.99"), IpAddress.parse("10.1.2.254")),
                        new IpRange(Cidr.parse("10.1.3.0/24"), null, null, null)),
                List.of(new IpRange(Cidr.parse("2001:db8:1::/64"), null, null, null)));
    }

    @Test
    void ipRangesErrorsNameTheNestedPath() {
        CniException e = cniError(() -> parse("{'ipRanges':[[{'subnet':'10.1.2.0/24'}],[{'rangeStart':'10.0.0.1'}]]}"), 7);
        assertThat(e.msg()).contains("runtimeConfig.ipRanges[1][0].subnet");
        CniException notList = cniError(() -> parse("{'ipRanges':[{'subnet':'10.1.2.0/24'}]}"), 7);
        assertThat(notList.msg()).contains("runtimeConfig.ipRanges[0]");
        CniException outside = cniError(() -> parse(
                "{'ipRanges':[[{'subnet':'10.1.2.0/24','gateway':'10.1.3.1'}]]}"), 7);
        assertThat(outside.msg()).contains("runtimeConfig.ipRanges[0][0]").contains("10.1.3.1");
    }

    @Test
    void bandwidth() {
        RuntimeConfig rc = parse("{'bandwidth':{'ingressRate':2048,'ingressBurst':1600,'egressRate':4096,"
                + "'egressBurst':1700}}");
        assertThat(rc.bandwidth()).contains(new Bandwidth(2048, 1600, 4096, 1700));
        assertThat(parse("{'bandwidth':{'egressRate':100}}").bandwidth()).contains(new Bandwidth(0, 0, 100, 0));
    }

    @Test
    void bandwidthRatesAboveIntRangeAreAccepted() {
        // 10 Gbit/s in bits per second, as Kubernetes passes it
        RuntimeConfig rc = parse("{'bandwidth':{'ingressRate':10000000000,'ingressBurst':4294967296}}");
        assertThat(rc.bandwidth()).contains(new Bandwidth(10_000_000_000L, 4_294_967_296L, 0, 0));
    }

    @Test
    void negativeBandwidthIsCode7() {
        CniException e = cniError(() -> parse("{'bandwidth':{'ingressRate':-1}}"), 7);
        assertThat(e.msg()).contains("runtimeConfig.bandwidth");
    }

    @Test
    void dnsUsesServersAndSearches() {
        RuntimeConfig rc = parse("{'dns':{'servers':['10.96.0.10','2001:db8::a'],'searches':['ns1.svc.cluster.local',"
                + "'svc.cluster.local'],'options':['ndots:5','timeout:1']}}");
        assertThat(rc.dns()).contains(new Dns(List.of("10.96.0.10", "2001:db8::a"), null,
                List.of("ns1.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5", "timeout:1")));
    }

    @Test
    void ipsWithAndWithoutPrefix() {
        RuntimeConfig rc = parse("{'ips':['10.10.0.1/24','3ffe:ffff:0:01ff::1/64','192.0.2.7','2001:db8::7']}");
        assertThat(rc.ips()).containsExactly(IpAddress.parse("10.10.0.1"), IpAddress.parse("3ffe:ffff:0:1ff::1"),
                IpAddress.parse("192.0.2.7"), IpAddress.parse("2001:db8::7"));
        CniException e = cniError(() -> parse("{'ips':['10.10.0.1/24','10.10.0.256']}"), 7);
        assertThat(e.msg()).contains("runtimeConfig.ips[1]");
    }

    @Test
    void macAliasesDeviceIdCgroupPath() {
        RuntimeConfig rc = parse("{'mac':'C2:11:22:33:44:55','aliases':['my-container','primary-db'],"
                + "'deviceID':'0000:04:00.5','cgroupPath':'/kubelet.slice/kubelet-kubepods.slice/pod28ce45bc.slice'}");
        assertThat(rc.mac()).contains(MacAddress.parse("c2:11:22:33:44:55"));
        assertThat(rc.mac().map(MacAddress::toString)).contains("c2:11:22:33:44:55");
        assertThat(rc.aliases()).containsExactly("my-container", "primary-db");
        assertThat(rc.deviceId()).contains("0000:04:00.5");
        assertThat(rc.cgroupPath()).contains("/kubelet.slice/kubelet-kubepods.slice/pod28ce45bc.slice");
        assertThat(rc.portMappings()).isEmpty();
        assertThat(rc.bandwidth()).isEqualTo(Optional.empty());
    }

    @Test
    void hostPortOutOfRangeIsCode7NamingTheEntry() {
        CniException e = cniError(() -> parse("{'portMappings':[{'hostPort':70000,'containerPort':80}]}"), 7);
        assertThat(e.msg()).contains("runtimeConfig.portMappings[0]").contains("70000")
                .doesNotContain("portMappings[0].\"");
    }

    @Test
    void otherPortMappingErrors() {
        CniException proto = cniError(() -> parse(
                "{'portMappings':[{'hostPort':80,'containerPort':80},{'hostPort':81,'containerPort':80,'protocol':'icmp'}]}"), 7);
        assertThat(proto.msg()).contains("runtimeConfig.portMappings[1]").contains("icmp");
        CniException type = cniError(() -> parse("{'portMappings':[{'hostPort':'80','containerPort':80}]}"), 7);
        assertThat(type.msg()).contains("runtimeConfig.portMappings[0].hostPort");
        CniException hostIp = cniError(() -> parse(
                "{'portMappings':[{'hostPort':80,'containerPort':80,'hostIP':'localhost'}]}"), 7);
        assertThat(hostIp.msg()).contains("runtimeConfig.portMappings[0].hostIP");
    }

    @Test
    void badMacIsCode7() {
        CniException e = cniError(() -> parse("{'mac':'c2:11:22:33:44'}"), 7);
        assertThat(e.msg()).contains("runtimeConfig.mac").contains("c2:11:22:33:44");
        cniError(() -> parse("{'mac':'c2:11:22-33:44:55'}"), 7);
    }

    @Test
    void wrongShapesAreCode7() {
        assertThat(cniError(() -> parse("{'aliases':'web'}"), 7).msg()).contains("runtimeConfig.aliases");
        assertThat(cniError(() -> parse("{'bandwidth':[1]}"), 7).msg()).contains("runtimeConfig.bandwidth");
        assertThat(cniError(() -> parse("{'deviceID':5}"), 7).msg()).contains("runtimeConfig.deviceID");
        assertThat(cniError(() -> parse("{'dns':{'servers':'10.0.0.1'}}"), 7).msg()).contains("runtimeConfig.dns.servers");
        assertThat(cniError(() -> RuntimeConfig.parse(TestJson.tree("{'runtimeConfig':[]}")), 7).msg())
                .contains("runtimeConfig");
    }
}
