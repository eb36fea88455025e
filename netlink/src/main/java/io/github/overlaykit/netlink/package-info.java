/**
 * The rtnetlink client: {@link io.github.overlaykit.netlink.RtnetlinkClient} (links, addresses, routes,
 * rules, neighbours, FDB, batches), {@link io.github.overlaykit.netlink.EventSubscription} (typed
 * notifications with overrun and resync), {@link io.github.overlaykit.netlink.NetNamespace} (sockets
 * inside a network namespace) and the {@link io.github.overlaykit.netlink.NetlinkTransport} seam for
 * fake kernels in tests. Errors are {@link io.github.overlaykit.netlink.NetlinkException}s naming the
 * errno, the operation and the kernel's extended-ACK text.
 */
package io.github.overlaykit.netlink;
