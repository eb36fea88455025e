package io.github.overlaykit.netlink.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Absolute reads and writes in a fixed byte order, whatever {@link ByteBuffer#order()} says: netlink
 * headers are in host order, a few attributes (ports) in network order. Package-private: the
 * flyweights are the API.
 */
final class Bytes {
    private static final VarHandle U16 = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle U32 = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle U64 = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle U16_BE = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U32_BE = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static int u8(ByteBuffer b, int i) {
        return b.get(i) & 0xFF;
    }

    static void u8(ByteBuffer b, int i, int v) {
        b.put(i, (byte) v);
    }

    static int u16(ByteBuffer b, int i) {
        return ((short) U16.get(b, i)) & 0xFFFF;
    }

    static void u16(ByteBuffer b, int i, int v) {
        U16.set(b, i, (short) v);
    }

    static int s32(ByteBuffer b, int i) {
        return (int) U32.get(b, i);
    }

    static void s32(ByteBuffer b, int i, int v) {
        U32.set(b, i, v);
    }

    static long u32(ByteBuffer b, int i) {
        return ((int) U32.get(b, i)) & 0xFFFF_FFFFL;
    }

    static long s64(ByteBuffer b, int i) {
        return (long) U64.get(b, i);
    }

    static void s64(ByteBuffer b, int i, long v) {
        U64.set(b, i, v);
    }

    static int u16be(ByteBuffer b, int i) {
        return ((short) U16_BE.get(b, i)) & 0xFFFF;
    }

    static void u16be(ByteBuffer b, int i, int v) {
        U16_BE.set(b, i, (short) v);
    }

    static int s32be(ByteBuffer b, int i) {
        return (int) U32_BE.get(b, i);
    }

    static void s32be(ByteBuffer b, int i, int v) {
        U32_BE.set(b, i, v);
    }

    static long mac(ByteBuffer b, int i) {
        long v = 0;
        for (int k = 0; k < 6; k++) {
            v = (v << 8) | (b.get(i + k) & 0xFF);
        }
        return v;
    }

    static void mac(ByteBuffer b, int i, long v) {
        for (int k = 5; k >= 0; k--) {
            b.put(i + k, (byte) v);
            v >>>= 8;
        }
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }
}
