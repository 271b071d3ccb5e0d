/** IJava's runtime classes ({@code Display}, {@code Kernel}, {@code Magics}), delegating to the MOCA kernel's. */
package io.github.spencerpark.ijava.runtime;
