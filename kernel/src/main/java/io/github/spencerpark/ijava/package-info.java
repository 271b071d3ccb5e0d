/**
 * IJava's notebook-facing API ({@code IJava.getKernelInstance()} and the {@code runtime} functions), served by the
 * MOCA kernel so that notebooks written for IJava run unchanged. A compatible facade, not IJava's code.
 */
package io.github.spencerpark.ijava;
