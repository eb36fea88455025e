/**
 * Flyweight classes for decoding and encoding network protocol headers in place, the address value
 * types ({@link io.github.overlaykit.codec.Ipv4Address}, {@link io.github.overlaykit.codec.Ipv4Prefix},
 * {@link io.github.overlaykit.codec.MacAddress}) that the other overlaykit modules share, checksums,
 * the layered {@code PacketParser} and capture-file streams.
 *
 * <p>Conventions: {@code wrap(buffer, offset)} is O(1) and unchecked; {@code checkLength} validates
 * before accessors are used on untrusted bytes; byte order is fixed by each accessor (big-endian on the
 * wire), never taken from {@link java.nio.ByteBuffer#order()}; unsigned values widen (u8/u16 to
 * {@code int}, u32 to {@code long}); no method allocates except {@code toString}.
 */
package io.github.overlaykit.codec;
