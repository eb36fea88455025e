/**
 * Zero-copy flyweights for rtnetlink messages ({@code nlmsghdr}, {@code rtmsg}, {@code ndmsg},
 * {@code ifinfomsg}, {@code ifaddrmsg}, {@code fib_rule_hdr}, {@code nlmsgerr}), an attribute cursor
 * and an in-place message writer. Host byte order is fixed by the accessors.
 */
package io.github.overlaykit.netlink.message;
