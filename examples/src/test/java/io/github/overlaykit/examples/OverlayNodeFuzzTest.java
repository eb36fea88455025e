package io.github.overlaykit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Any text given to {@code overlay-agent --nodes} either parses, and printing the nodes back parses to
 * the same nodes, or fails with a {@link OverlayNode.NodeListException} whose location lies inside the
 * text: never another exception.
 */
class OverlayNodeFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void nodeFilesParseOrFailWithALocation(String text) {
        if (text == null) {
            return;
        }
        List<OverlayNode> nodes;
        try {
            nodes = OverlayNode.parseAll(text, "nodes.txt");
        } catch (OverlayNode.NodeListException e) {
            String[] lines = text.split("\n", -1);
            assertTrue(e.line() >= 1 && e.line() <= lines.length, e.getMessage());
            assertTrue(e.column() >= 1 && e.column() <= lines[e.line() - 1].length() + 1, e.getMessage());
            assertTrue(e.getMessage().startsWith("nodes.txt:" + e.line() + ":" + e.column() + ": "), e.getMessage());
            return;
        }
        String printed = nodes.stream().map(n -> n.name() + " " + n.podCidr() + " " + n.publicIp() + " " + n.vtepMac())
                .collect(Collectors.joining("\n"));
        assertEquals(nodes, OverlayNode.parseAll(printed, "printed"));
    }
}
