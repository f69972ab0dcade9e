/* emu_fixture.h — bucket fixtures: libconfig files in and out (atomic rewrite), and --bucket specs. */
#ifndef EMU_FIXTURE_H
#define EMU_FIXTURE_H

#include <stddef.h>

#include "emu_state.h"

/*
 * Loads `path` into st: optional owner = { id; display_name; }, regions = [ … ], and
 * buckets = ( { name; region; algorithm; kms_key_id; data_encryption; access; created;
 * storage_class; }, … ), and the identity and key services' `ram = { … }` and `kms = { … }`
 * groups (emu_ident.h, emu_kms.h). Unknown regions are added. Every problem is reported in err
 * as "file:line: what was expected", one per line. Returns 0 or -1.
 */
int emu_fixture_load(struct emu_state *st, const char *path, char *err, size_t errsz);

/* Writes st to path atomically (temp file in the same directory, fsync, rename). 0 or -1 (errno). */
int emu_fixture_save(const struct emu_state *st, const char *path);

/* Adds a bucket from "NAME[@REGION][:ALGO[:KMSKEY[:SM4]]]". 0 or -1 with a message. */
int emu_fixture_add_spec(struct emu_state *st, const char *spec, char *err, size_t errsz);

#endif
