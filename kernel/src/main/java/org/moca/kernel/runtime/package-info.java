/** What notebook code calls (statically imported in every notebook): {@link org.moca.kernel.runtime.Display}. */
package org.moca.kernel.runtime;
