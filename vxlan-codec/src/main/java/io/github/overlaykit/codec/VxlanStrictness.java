package io.github.overlaykit.codec;

/**
 * How strictly a received VXLAN header is checked. In every mode the I flag must be set (RFC 7348:
 * "MUST be set to 1 for a valid VXLAN Network ID").
 */
public enum VxlanStrictness {
    /** RFC 7348 §5: reserved bits "MUST be ... ignored on receipt". */
    RFC_7348,
    /**
     * Linux {@code vxlan_rcv} without extensions: a packet with any flag other than I set, or a non-zero
     * reserved byte, is dropped ("This behavior diverges from VXLAN RFC").
     */
    LINUX,
    /**
     * Linux with the Group Based Policy extension enabled ({@code ip link add ... vxlan gbp}): G, D, A and
     * the group policy ID are allowed, any other reserved bit drops the packet.
     */
    LINUX_GBP;

    /**
     * Tells whether a wrapped, length-checked VXLAN header is acceptable under this strictness.
     *
     * @param vxlan the header
     * @return true if the packet would be accepted
     */
    public boolean accepts(VxlanPacket vxlan) {
        if (!vxlan.iFlag()) {
            return false;
        }
        switch (this) {
            case LINUX:
                return !vxlan.reservedBitsSet();
            case LINUX_GBP:
                return !vxlan.reservedBitsSetWithGroupPolicy();
            default:
                return true;
        }
    }
}
