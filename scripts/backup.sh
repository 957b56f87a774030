#!/usr/bin/env bash
# Backs up the platform: a PostgreSQL dump (custom format) and a snapshot of the uploaded files.
#
# Environment:
#   DATABASE_URL   postgres://user:password@host:port/name (the one the application uses)
#   MEDIA_ROOT     folder of the uploaded files (may be absent or empty)
#   BACKUP_DIR     where backups are written, one folder per run: BACKUP_DIR/AAAAMMJJ-HHMMSS/
#   BACKUP_KEEP    number of complete backups to keep (default 30: a month of nightly runs)
#
# Each run writes db.dump (pg_dump --format=custom), media/ (rsync snapshot; unchanged files are
# hard links to the previous snapshot, so a daily snapshot costs only what changed), SHA256SUMS
# and, last, a COMPLETE marker. restore.sh only accepts complete backups; retention only counts them.
# Exit status: 0 when the backup is complete, non-zero otherwise (for cron / systemd alerting).
set -euo pipefail
umask 077

log() { printf '%s backup: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$*"; }
die() { log "ERREUR : $*" >&2; exit 1; }

: "${DATABASE_URL:?DATABASE_URL doit être défini (postgres://utilisateur:motdepasse@hôte:port/base)}"
: "${BACKUP_DIR:?BACKUP_DIR doit être défini (dossier des sauvegardes)}"
MEDIA_ROOT="${MEDIA_ROOT:-}"
BACKUP_KEEP="${BACKUP_KEEP:-30}"
[[ "$BACKUP_KEEP" =~ ^[1-9][0-9]*$ ]] || die "BACKUP_KEEP doit être un entier positif (reçu : $BACKUP_KEEP)"
for tool in pg_dump pg_restore rsync sha256sum; do
  command -v "$tool" >/dev/null || die "$tool est introuvable (paquets postgresql-client, rsync, coreutils)"
done

# libpq understands postgres:// and postgresql://; dj-database-url also accepts other spellings.
PG_URL="$(printf '%s' "$DATABASE_URL" | sed -E 's#^(pgsql|postgis)://#postgresql://#')"
case "$PG_URL" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL doit désigner une base PostgreSQL (postgres://...)" ;;
esac

mkdir -p "$BACKUP_DIR"
BACKUP_DIR="$(cd "$BACKUP_DIR" && pwd)"
stamp="$(date '+%Y%m%d-%H%M%S')"
target="$BACKUP_DIR/$stamp"
[ ! -e "$target" ] || die "$target existe déjà"
work="$BACKUP_DIR/.en-cours-$stamp"
trap 'rm -rf "$work"' EXIT
mkdir "$work"

# Previous complete backup, for hard-linking unchanged media files.
previous="$(find "$BACKUP_DIR" -mindepth 2 -maxdepth 2 -name COMPLETE -printf '%h\n' | sort | tail -n 1)"

log "base de données -> $target/db.dump"
pg_dump --dbname="$PG_URL" --format=custom --compress=6 --no-password --file="$work/db.dump"
# Check that the archive is readable (its table of contents lists the tables).
pg_restore --list "$work/db.dump" >/dev/null || die "l'archive produite par pg_dump est illisible"

mkdir "$work/media"
if [ -n "$MEDIA_ROOT" ] && [ -d "$MEDIA_ROOT" ]; then
  log "fichiers déposés $MEDIA_ROOT -> $target/media/"
  link_dest=()
  if [ -n "$previous" ] && [ -d "$previous/media" ]; then
    link_dest=(--link-dest="$previous/media")
  fi
  rsync -a --delete "${link_dest[@]}" "$MEDIA_ROOT/" "$work/media/"
else
  log "pas de dossier de fichiers déposés (MEDIA_ROOT=${MEDIA_ROOT:-non défini}) : seule la base est sauvegardée"
fi

(cd "$work" && sha256sum db.dump >SHA256SUMS)
{
  echo "date=$(date --iso-8601=seconds)"
  echo "host=$(hostname)"
  echo "pg_dump=$(pg_dump --version)"
  echo "media_files=$(find "$work/media" -type f | wc -l)"
} >"$work/INFO"
touch "$work/COMPLETE"
mv "$work" "$target"
trap - EXIT
log "sauvegarde complète : $target ($(du -sh "$target" | cut -f1))"

# Retention: keep the BACKUP_KEEP most recent complete backups; remove leftovers of failed runs.
mapfile -t complete < <(find "$BACKUP_DIR" -mindepth 2 -maxdepth 2 -name COMPLETE -printf '%h\n' | sort)
excess=$((${#complete[@]} - BACKUP_KEEP))
for ((i = 0; i < excess; i++)); do
  log "rétention : suppression de ${complete[i]}"
  rm -rf -- "${complete[i]}"
done
find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '.en-cours-*' -mmin +1440 -exec rm -rf -- {} +
