/**
 * The Spark trial engine ({@code --engine spark}): an experiment's trials as Spark tasks on any master, with the
 * local engine's results byte for byte. Its own module, so that lib, the kernel and the notebooks carry no Spark.
 */
package org.moca.spark;
