package io.github.overlaykit.examples;

import io.github.overlaykit.codec.CaptureReader;
import io.github.overlaykit.codec.CaptureRecord;
import io.github.overlaykit.codec.Ipv4Address;
import io.github.overlaykit.codec.LinkType;
import io.github.overlaykit.codec.MacAddress;
import io.github.overlaykit.codec.PcapWriter;
import io.github.overlaykit.codec.UdpPorts;
import io.github.overlaykit.codec.VxlanEncapsulator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code overlaykit pcap encap --vni N --src-mac M --dst-mac M --src IP --dst IP [--port 8472] IN OUT}:
 * wraps every Ethernet frame of IN in outer Ethernet/IPv4/UDP/VXLAN headers and writes OUT (pcap).
 *
 * <p>Each frame is copied once, behind 50 bytes of headroom, and {@link VxlanEncapsulator} writes the
 * outer headers in place: valid IPv4 checksum, UDP checksum 0 as Linux sends it, source port hashed
 * from the inner flow. Timestamps are kept.
 */
@Command(name = "encap", mixinStandardHelpOptions = true,
        description = "Wrap every frame of IN in outer Ethernet/IPv4/UDP/VXLAN headers and write OUT.")
public final class PcapEncapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--vni", required = true, description = "VXLAN network identifier, 0..16777215.")
    int vni;

    @Option(names = "--src-mac", required = true, description = "Outer source MAC (local VTEP).")
    String sourceMac;

    @Option(names = "--dst-mac", required = true, description = "Outer destination MAC (next hop).")
    String destinationMac;

    @Option(names = "--src", required = true, description = "Outer source IPv4 address (local VTEP).")
    String source;

    @Option(names = "--dst", required = true, description = "Outer destination IPv4 address (remote VTEP).")
    String destination;

    @Option(names = "--port", defaultValue = "" + UdpPorts.VXLAN_LINUX,
            description = "UDP destination port (default: ${DEFAULT-VALUE}, Linux/flannel; 4789 is IANA's).")
    int port;

    @Parameters(index = "0", paramLabel = "IN", description = "Capture of Ethernet frames (pcap or pcapng).")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the VXLAN frames (pcap).")
    Path out;

    /** Creates the command (picocli instantiates it). */
    public PcapEncapCommand() {
    }

    /**
     * Encapsulates every frame.
     *
     * @return 0
     * @throws IOException if a file cannot be read or written, or IN is malformed
     */
    @Override
    public Integer call() throws IOException {
        VxlanEncapsulator encapsulator = new VxlanEncapsulator()
                .vni(vni)
                .sourceMac(MacAddress.parseLong(sourceMac))
                .destinationMac(MacAddress.parseLong(destinationMac))
                .sourceAddress(Ipv4Address.parse(source).bits())
                .destinationAddress(Ipv4Address.parse(destination).bits())
                .destinationPort(port);
        ByteBuffer frame = ByteBuffer.allocate(VxlanEncapsulator.HEADROOM + CaptureReader.MAXIMUM_SNAPSHOT_LENGTH);
        int frames = 0;
        try (CaptureReader reader = CaptureReader.open(in);
                PcapWriter writer = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(out)),
                        LinkType.ETHERNET)) {
            while (reader.next()) {
                CaptureRecord record = reader.record();
                if (record.linkType() != LinkType.ETHERNET) {
                    throw new IllegalArgumentException(in + ": record at offset " + record.fileOffset() + " has link type "
                            + LinkType.name(record.linkType()) + "; only Ethernet frames can be put in VXLAN");
                }
                int length = record.capturedLength();
                frame.clear();
                frame.put(VxlanEncapsulator.HEADROOM, record.data(), 0, length);
                int outer = encapsulator.encapsulate(frame, VxlanEncapsulator.HEADROOM, length);
                int outerLength = length + VxlanEncapsulator.HEADROOM;
                writer.write(record.seconds(), record.nanos(), outerLength, frame, outer, outerLength);
                frames++;
            }
        }
        spec.commandLine().getOut().println("encapsulated " + frames + " frames in VXLAN (VNI " + vni + ", UDP port "
                + port + ") into " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
