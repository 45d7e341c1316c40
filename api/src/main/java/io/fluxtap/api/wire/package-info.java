/**
 * Wire specs: the one model ({@link io.fluxtap.api.wire.WireSpec}) and the one reader
 * ({@link io.fluxtap.api.wire.WireSpecReader}) of the files in {@code fluxtap.wires.dir} (default
 * {@code conf/wires}), used by the messages API (ingestion) and by the store's per-wire views and the warehouse
 * (storage), so both accept exactly the same wires.
 *
 * <p>The format (every key but {@code wire} optional; unknown keys are errors, so a misspelt key does not silently
 * do nothing); {@code conf/wires/visa-v1.yaml} in the distribution is a commented example:
 * <pre>{@code
 * wire: fluxSpec/visa-v1       # the id in POST /api/v1/messages/{wire} and the warehouse directory
 *                              # messages/{wire}: one name or namespace/name, names of 1 to 100 characters
 *                              # [A-Za-z0-9_.-], not only dots
 * description: Visa authorisations
 * flux_id: /fluxId             # JSON pointer (RFC 6901) of the field carrying the flux id (an unsigned 64-bit
 *                              # integer, as a JSON number or a decimal string); messages without it get a generated one
 * timestamp: /authorisedAt     # RFC 3339 field used as the message time; default: the time of arrival
 * machine_id: /host            # string fields stored in the shared columns machine_id, entity_name, gear_id
 * entity_name: /service
 * gear_id: /component
 * promote:                     # fields that become typed columns
 *   - {pointer: /card/bin, column: bin, type: string, required: true}
 *   - {pointer: /amount, column: amount, type: double, required: true}
 *   - {pointer: /merchant/mcc, column: mcc, type: long}    # required defaults to false
 *   - {pointer: /card/pan, column: pan, type: string, mask: token}  # the column and the JSON hold tok_...
 * mask:                        # further fields masked before anything is written: JSON pointer to
 *   /card/holder: truncate     # token, truncate or drop (the value becomes null)
 *   /card/cvv: drop
 * }</pre>
 * {@code mask} (on a promoted field or in the map) is applied by ingestion's masking stage to the stored JSON and the
 * promoted column alike; a promoted field's mask needs {@code type: string} and cannot be {@code drop}, and a
 * promoted pointer is masked through its promotion only. Specs without {@code mask} read as before.
 * Types: string, long, double, boolean, timestamp. Columns are lowercase SQL identifiers
 * ({@code [a-z_][a-z0-9_]*}, at most 63 characters), unique within the wire, and none of the columns every
 * message has ({@link io.fluxtap.api.wire.WireSpec#RESERVED_COLUMNS}).
 *
 * <p>Dependencies: {@code api} holds no framework code; this package binds YAML with Jackson (databind and the
 * YAML data format), a library, and only {@code WireSpecReader} uses it. The model itself has no Jackson type in
 * it: JSON pointers are kept as their text, and each module compiles them as it needs.
 */
package io.fluxtap.api.wire;
