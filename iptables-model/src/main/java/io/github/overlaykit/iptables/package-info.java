/**
 * iptables rulesets as values: parse, print canonically, validate, trace, and render kube-proxy's rules.
 *
 * <ul>
 *   <li>{@link io.github.overlaykit.iptables.Ruleset#parse(String)} reads iptables-save output or
 *       iptables-restore input (kube-proxy's dialect included) into {@link io.github.overlaykit.iptables.Table}s,
 *       {@link io.github.overlaykit.iptables.Chain}s and {@link io.github.overlaykit.iptables.Rule}s with typed
 *       {@link io.github.overlaykit.iptables.Match}es and {@link io.github.overlaykit.iptables.Target}s (unknown
 *       extensions kept verbatim); bad text throws {@link io.github.overlaykit.iptables.IptablesParseException}
 *       with line and column.</li>
 *   <li>{@link io.github.overlaykit.iptables.Ruleset#toSave(SaveFormat)} prints what iptables-save 1.8.9
 *       prints after iptables-restore of the same text (nft or legacy backend), byte for byte.</li>
 *   <li>{@link io.github.overlaykit.iptables.Validator} reports what iptables-restore would refuse.</li>
 *   <li>{@link io.github.overlaykit.iptables.PacketTracer} follows a connection's first packet through the
 *       hooks and prints the {@code xtables-monitor --trace} lines; routing comes from a
 *       {@link io.github.overlaykit.iptables.Routing} the caller supplies.</li>
 *   <li>{@link io.github.overlaykit.iptables.KubeProxyNames} and
 *       {@link io.github.overlaykit.iptables.KubeProxyRenderer} reproduce kube-proxy's chain names and
 *       restore input; {@link io.github.overlaykit.iptables.RuleBuilder} and
 *       {@link io.github.overlaykit.iptables.RulesetBuilder} write rules in code.</li>
 * </ul>
 *
 * <pre>{@code
 * KubeService svc = KubeService.clusterIp("xiuxian", "auth-java", "tcp-9000-9000-c8kgf", "tcp",
 *     Ipv4Address.parse("10.103.5.88"), 9000, List.of(KubeEndpoint.parse("10.244.1.8:9000")));
 * Ruleset rules = Ruleset.parse(new KubeProxyRenderer(Ipv4Prefix.parse("10.244.0.0/16"), 0x4000, false)
 *         .render(List.of(svc)))
 *     .restore(KubeProxyRenderer.jumpRules(), "jump rules", true);
 * PacketTracer tracer = new PacketTracer(rules, new StaticRouting(List.of(master), "flannel.1"));
 * tracer.trace(Packet.tcp(master, 40000, Ipv4Address.parse("10.103.5.88"), 9000), Hook.OUTPUT, 1)
 *     .lines().forEach(System.out::println);   // … DNAT --to-destination 10.244.1.8:9000, nat: … -> 10.244.1.8:9000
 * }</pre>
 */
package io.github.overlaykit.iptables;
