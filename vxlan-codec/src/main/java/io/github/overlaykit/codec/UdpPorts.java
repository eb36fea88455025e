package io.github.overlaykit.codec;

/** Well-known UDP ports of the tunnel protocols this codec knows. */
public final class UdpPorts {
    /** The IANA-assigned VXLAN port (RFC 7348 §5). */
    public static final int VXLAN = 4789;
    /**
     * The Linux kernel's default VXLAN port, which flannel uses ({@code vxlan_port = 8472} in
     * {@code drivers/net/vxlan/vxlan_core.c}, kept "for compatibility with early adopters"; IANA lists
     * 8472 as OTV).
     */
    public static final int VXLAN_LINUX = 8472;
    /** VXLAN-GPE (not decoded by this codec). */
    public static final int VXLAN_GPE = 4790;
    /** Geneve (not decoded by this codec). */
    public static final int GENEVE = 6081;

    private UdpPorts() {
    }
}
