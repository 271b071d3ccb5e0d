/**
 * Amortized adaptation for real time: {@link org.moca.hyper.HeadHyperNetwork} maps a crisis context to low-rank
 * deltas of the policy's head, trained on {@link org.moca.hyper.AdaptationExample}s that gradient adaptation made.
 */
package org.moca.hyper;
