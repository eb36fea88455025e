/**
 * The Linux forwarding state as values and lookups: {@link io.github.overlaykit.route.Route},
 * {@link io.github.overlaykit.route.Rule}, {@link io.github.overlaykit.route.Neighbor},
 * {@link io.github.overlaykit.route.FdbEntry}, {@link io.github.overlaykit.route.Link}, their iproute2 6.1
 * text forms, and the lookups built on them.
 */
package io.github.overlaykit.route;
