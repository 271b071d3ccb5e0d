package org.moca.policy;

/**
 * Hidden-layer nonlinearity of the policy MLP, with the two derivatives the hand-written backward pass and the
 * R-operator need, both expressed through the activation's output {@code h = f(z)}.
 */
public enum Activation {
    /** {@code max(0, z)}: {@code f' = 1[z > 0]}, {@code f'' = 0} almost everywhere. The workbench's default. */
    RELU,
    /** {@code tanh(z)}: {@code f' = 1 - h^2}, {@code f'' = -2 h (1 - h^2)}; smooth, handy for gradient checks. */
    TANH
}
