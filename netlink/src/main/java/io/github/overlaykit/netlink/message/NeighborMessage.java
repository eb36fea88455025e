package io.github.overlaykit.netlink.message;

import io.github.overlaykit.codec.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Flyweight over {@code struct ndmsg} (12 bytes), the header of {@code RTM_NEWNEIGH}, {@code RTM_DELNEIGH} and
 * {@code RTM_GETNEIGH} for neighbours ({@code AF_INET}) and FDB entries ({@code AF_BRIDGE}); {@code NDA_*}
 * attributes follow.
 *
 * <pre>
 * +--------+--------+-----------------+
 * | family |  pad1  |      pad2       |
 * +--------+--------+-----------------+
 * |          ndm_ifindex (s32)        |
 * +-----------------+--------+--------+
 * |  ndm_state (u16)|  flags |  type  |
 * +-----------------+--------+--------+
 * </pre>
 *
 * <p>Fields are in host byte order whatever the buffer's {@link ByteBuffer#order()}. {@link #wrap} is
 * O(1) and unchecked; {@link #checkLength(int)} validates received bytes first. Not thread-safe;
 * allocates nothing except in {@link #toString()}.
 */
public final class NeighborMessage {
    /** Size of {@code struct ndmsg} in bytes. */
    public static final int LENGTH = 12;

    private ByteBuffer buffer;
    private int offset;

    /** Creates an unwrapped flyweight; call {@link #wrap} before use. */
    public NeighborMessage() {
    }

    /**
     * Points this flyweight at the structure without checking anything.
     *
     * @param buffer the bytes
     * @param offset where the structure starts (the netlink payload offset)
     * @return this
     */
    public NeighborMessage wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Checks that the structure fits in {@code available} bytes from {@link #offset()}.
     *
     * @param available bytes readable from the offset
     * @return this
     * @throws MalformedPacketException if fewer than {@link #LENGTH} bytes are available
     */
    public NeighborMessage checkLength(int available) {
        if (available < LENGTH) {
            throw new MalformedPacketException("struct ndmsg", offset, LENGTH, available, "truncated struct ndmsg");
        }
        return this;
    }

    /**
     * Returns where the structure starts.
     *
     * @return the offset in the wrapped buffer
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns where the attributes after the structure start.
     *
     * @return {@code offset() + LENGTH}
     */
    public int attributesOffset() {
        return offset + LENGTH;
    }

    /**
     * Zeroes the whole structure (padding included), as iproute2 does before filling it in.
     *
     * @return this
     */
    public NeighborMessage clear() {
        for (int i = 0; i < LENGTH; i++) {
            buffer.put(offset + i, (byte) 0);
        }
        return this;
    }

    /**
     * Returns {@code ndm_family}: {@code AF_INET} for neighbours, {@code AF_BRIDGE} for FDB entries.
     *
     * @return the value, 0..255
     */
    public int family() {
        return Bytes.u8(buffer, offset + 0);
    }

    /**
     * Sets {@code ndm_family}.
     *
     * @param value the new value
     * @return this
     */
    public NeighborMessage family(int value) {
        Bytes.u8(buffer, offset + 0, value);
        return this;
    }

    /**
     * Returns {@code ndm_ifindex}: the interface index.
     *
     * @return the value, signed
     */
    public int ifindex() {
        return Bytes.s32(buffer, offset + 4);
    }

    /**
     * Sets {@code ndm_ifindex}.
     *
     * @param value the new value
     * @return this
     */
    public NeighborMessage ifindex(int value) {
        Bytes.s32(buffer, offset + 4, value);
        return this;
    }

    /**
     * Returns {@code ndm_state}: {@code NUD_*} bits.
     *
     * @return the value, 0..65535
     */
    public int state() {
        return Bytes.u16(buffer, offset + 8);
    }

    /**
     * Sets {@code ndm_state}.
     *
     * @param value the new value
     * @return this
     */
    public NeighborMessage state(int value) {
        Bytes.u16(buffer, offset + 8, value);
        return this;
    }

    /**
     * Returns {@code ndm_flags}: {@code NTF_*} bits.
     *
     * @return the value, 0..255
     */
    public int flags() {
        return Bytes.u8(buffer, offset + 10);
    }

    /**
     * Sets {@code ndm_flags}.
     *
     * @param value the new value
     * @return this
     */
    public NeighborMessage flags(int value) {
        Bytes.u8(buffer, offset + 10, value);
        return this;
    }

    /**
     * Returns {@code ndm_type}: the route type of the address ({@code RTN_*}).
     *
     * @return the value, 0..255
     */
    public int type() {
        return Bytes.u8(buffer, offset + 11);
    }

    /**
     * Sets {@code ndm_type}.
     *
     * @param value the new value
     * @return this
     */
    public NeighborMessage type(int value) {
        Bytes.u8(buffer, offset + 11, value);
        return this;
    }

    @Override
    public String toString() {
        return "struct ndmsg{" + "family=" + family() + ", " + "ifindex=" + ifindex() + ", " + "state=" + state() + ", " + "flags=" + flags() + ", " + "type=" + type() + "}";
    }
}
