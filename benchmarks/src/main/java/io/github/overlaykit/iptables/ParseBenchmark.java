package io.github.overlaykit.iptables;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing kube-proxy's restore input for 10,000 services × 3 endpoints (≈ 150,000 lines, 15 MB) into the
 * typed model, beside a baseline that only splits the same text into lines and whitespace-separated words
 * (the floor any parser pays), and printing the canonical iptables-save text back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ParseBenchmark {
    @Param({"10000"})
    int services;

    private String text;
    private Ruleset parsed;

    /** Renders the text once per fork. */
    @Setup(Level.Trial)
    public void setUp() {
        text = KubeNodeRules.render(services);
        parsed = Ruleset.parse(text);
    }

    /**
     * The typed parse.
     *
     * @return the model
     */
    @Benchmark
    public Ruleset parse() {
        return Ruleset.parse(text);
    }

    /**
     * Baseline: lines and words only.
     *
     * @return the number of words
     */
    @Benchmark
    public int splitWordsOnly() {
        int words = 0;
        int n = text.length();
        boolean inWord = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean space = c == ' ' || c == '\n' || c == '\t';
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /**
     * The canonical iptables-save text of the parsed model.
     *
     * @return the text
     */
    @Benchmark
    public String printSave() {
        return parsed.toSave();
    }
}
