/**
 * Netlink and rtnetlink constants in kernel spelling ({@code RTM_NEWROUTE}, {@code NDA_DST},
 * {@code IFLA_VXLAN_PORT}), so they can be grepped against the uapi headers.
 */
package io.github.overlaykit.netlink.constants;
