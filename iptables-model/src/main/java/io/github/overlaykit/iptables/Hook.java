package io.github.overlaykit.iptables;

/** The netfilter hooks, named as their built-in chains. */
public enum Hook {
    /** Before routing, incoming. */
    PREROUTING,
    /** To a local socket. */
    INPUT,
    /** Routed through. */
    FORWARD,
    /** Locally generated. */
    OUTPUT,
    /** After routing, outgoing. */
    POSTROUTING
}
