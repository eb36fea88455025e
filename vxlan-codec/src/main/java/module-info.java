/**
 * Zero-copy packet codecs: flyweights over {@link java.nio.ByteBuffer}s for Ethernet (802.1Q/802.1ad),
 * ARP, IPv4, ICMP, UDP, TCP and VXLAN, Internet checksums, a layered parser, a VXLAN encapsulator,
 * pcap/pcapng streams and a tcpdump-style printer. No runtime dependencies.
 */
module io.github.overlaykit.codec {
    exports io.github.overlaykit.codec;
}
