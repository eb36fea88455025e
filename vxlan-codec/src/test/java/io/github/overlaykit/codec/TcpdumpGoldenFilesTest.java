package io.github.overlaykit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.overlaykit.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair in {@code data/pcap/tcpdump/TESTLIST}: the printer's text for the capture, with the
 * options tcpdump's test runner used, is byte-identical to tcpdump's {@code .out} file.
 */
class TcpdumpGoldenFilesTest {

    /** One TESTLIST line: name, capture, expected output, tcpdump options. */
    record Case(String name, String pcap, String out, boolean linkHeaders, int verbosity) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException {
        Path dir = SharedData.path("data/pcap/tcpdump");
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("TESTLIST"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 3 || line.startsWith("#")) {
                continue;
            }
            boolean e = false;
            int v = 0;
            for (int i = 3; i < fields.length; i++) {
                switch (fields[i]) {
                    case "-e" -> e = true;
                    case "-v" -> v = 1;
                    case "-vv" -> v = 2;
                    case "-vvv" -> v = 3;
                    default -> throw new IllegalStateException("TESTLIST option not supported: " + fields[i]);
                }
            }
            cases.add(new Case(fields[0], fields[1], fields[2], e, v));
        }
        return cases;
    }

    static Stream<Arguments> testList() throws IOException {
        return cases().stream().map(Arguments::of);
    }

    static String print(Path capture, boolean linkHeaders, int verbosity) throws IOException {
        TcpdumpPrinter printer = new TcpdumpPrinter(linkHeaders, verbosity);
        StringBuilder text = new StringBuilder();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            int number = 0;
            while (reader.next()) {
                printer.append(++number, reader.record(), text);
            }
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testList")
    void printsWhatTcpdumpPrinted(Case golden) throws IOException {
        Path dir = SharedData.path("data/pcap/tcpdump");
        String expected = Files.readString(dir.resolve(golden.out()), StandardCharsets.UTF_8);
        assertEquals(expected, print(dir.resolve(golden.pcap()), golden.linkHeaders(), golden.verbosity()));
    }
}
