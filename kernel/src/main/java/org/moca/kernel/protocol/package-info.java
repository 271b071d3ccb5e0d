/**
 * The Jupyter wire protocol on top of the base library's framing and HMAC signing: blocking request channels (no
 * polling delay) and map-shaped message contents, so every field the spec requires is sent.
 */
package org.moca.kernel.protocol;
