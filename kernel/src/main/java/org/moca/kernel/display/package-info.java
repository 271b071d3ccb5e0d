/**
 * Rendering values as Jupyter MIME bundles: images, XChart charts, Tablesaw tables (both by reflection, without a
 * dependency), SVG/HTML strings, and the {@link org.moca.kernel.display.MimeRenderer} extension point through which
 * libraries render their own types.
 */
package org.moca.kernel.display;
