/**
 * The {@code moca} command line (picocli): {@link org.moca.cli.Moca} and one command class per verb ({@code simulate},
 * {@code compare}, {@code reproduce}, {@code continual}, {@code bench}). Commands parse and check their inputs, call
 * the library and print; they hold no experiment logic. An input error prints one line and exits with code 2.
 */
package org.moca.cli;
