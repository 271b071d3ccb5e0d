/**
 * The Jupyter wire protocol (messaging spec 5.3) on ZeroMQ: one multipart message decoded at a time with its HMAC
 * checked ({@link org.moca.kernel.protocol.WireCodec}), request channels whose I/O thread reads every message the
 * moment it lands ({@link org.moca.kernel.protocol.RouterChannel}), and the broadcast channel
 * ({@link org.moca.kernel.protocol.IOPub}).
 */
package org.moca.kernel.protocol;
