/**
 * Call records (CDRs): one {@link org.strowger.api.cdr.CallRecord} per pair of channels that were dialled, bridged or
 * transferred to each other, derived by the core from its events alone and handed to the
 * {@link org.strowger.api.cdr.CallRecordSink}s configured on the core's builder. See docs/events-and-cdr.md, "Call
 * records", for the rules per scenario.
 */
package org.strowger.api.cdr;
