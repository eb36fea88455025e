package io.github.overlaykit.netlink;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.overlaykit.codec.MalformedPacketException;
import io.github.overlaykit.netlink.message.AttributeIterator;
import io.github.overlaykit.netlink.message.NetlinkMessageHeader;
import java.nio.ByteBuffer;

/**
 * Arbitrary bytes fed to the message walker, the attribute cursor (recursively) and every record
 * decoder: only {@link MalformedPacketException} may escape.
 */
class MessageParserFuzzTest {
    private final Codec codec = new Codec();
    private final NetlinkMessageHeader header = new NetlinkMessageHeader();

    @FuzzTest(maxDuration = "20s")
    void parsersOnlyThrowMalformedPacket(byte[] data) {
        if (data == null) {
            return;
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
        direct.put(data).clear();
        int at = 0;
        try {
            while (at < data.length) {
                header.wrap(direct, at).checkLength(data.length - at);
                int end = at + (int) header.length();
                int payload = header.payloadOffset();
                switch (header.type() % 6) {
                    case 0: codec.decodeRoute(direct, payload, end, i -> "if" + i); break;
                    case 1: codec.decodeNeighbor(direct, payload, end, i -> "if" + i); break;
                    case 2: codec.decodeFdb(direct, payload, end, i -> "if" + i); break;
                    case 3: codec.decodeLink(direct, payload, end, i -> "if" + i); break;
                    case 4: codec.decodeAddress(direct, payload, end, i -> "if" + i); break;
                    default: codec.decodeRule(direct, payload, end); break;
                }
                at += (int) ((header.length() + 3) & ~3L);
            }
        } catch (MalformedPacketException expected) {
            // typed rejection is the contract
        }
        try {
            walk(new AttributeIterator().reset(direct, 0, data.length), 0);
        } catch (MalformedPacketException expected) {
            // typed rejection is the contract
        }
    }

    private static void walk(AttributeIterator it, int depth) {
        while (it.next()) {
            if (it.valueLength() >= 4 && depth < 8) {
                try {
                    walk(it.nested(new AttributeIterator()), depth + 1);
                } catch (MalformedPacketException notNested) {
                    // a payload that is not attributes; fine
                }
            }
        }
    }
}
