#!/usr/bin/env bash
# Restores a backup made by backup.sh: the database, then the uploaded files.
#
# Usage: scripts/restore.sh [--yes] [BACKUP]
#   BACKUP   a folder written by backup.sh (default: the most recent complete one in BACKUP_DIR)
#   --yes    do not ask for confirmation (or RESTORE_CONFIRM=yes); needed without a terminal
#
# Environment:
#   DATABASE_URL   the database to restore INTO (it must exist; its current content is replaced)
#   MEDIA_ROOT     the folder of uploaded files to restore into (its current content is replaced)
#   BACKUP_DIR     where to look for the most recent backup when BACKUP is not given
#
# Stop the application first (systemctl stop mlplatform) and run `manage.py migrate` afterwards
# if the code is newer than the backup.
set -euo pipefail

log() { printf '%s restore: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$*"; }
die() { log "ERREUR : $*" >&2; exit 1; }

confirm="${RESTORE_CONFIRM:-}"
backup=""
while [ $# -gt 0 ]; do
  case "$1" in
    --yes | -y) confirm=yes ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) die "option inconnue : $1" ;;
    *) [ -z "$backup" ] || die "une seule sauvegarde à la fois"; backup="$1" ;;
  esac
  shift
done

: "${DATABASE_URL:?DATABASE_URL doit être défini (la base dans laquelle restaurer)}"
MEDIA_ROOT="${MEDIA_ROOT:-}"
for tool in pg_restore psql rsync sha256sum; do
  command -v "$tool" >/dev/null || die "$tool est introuvable (paquets postgresql-client, rsync, coreutils)"
done
PG_URL="$(printf '%s' "$DATABASE_URL" | sed -E 's#^(pgsql|postgis)://#postgresql://#')"
case "$PG_URL" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL doit désigner une base PostgreSQL (postgres://...)" ;;
esac

if [ -z "$backup" ]; then
  : "${BACKUP_DIR:?indiquez une sauvegarde ou définissez BACKUP_DIR}"
  backup="$(find "$BACKUP_DIR" -mindepth 2 -maxdepth 2 -name COMPLETE -printf '%h\n' | sort | tail -n 1)"
  [ -n "$backup" ] || die "aucune sauvegarde complète dans $BACKUP_DIR"
fi
[ -d "$backup" ] || die "$backup n'est pas un dossier"
backup="$(cd "$backup" && pwd)"
[ -f "$backup/COMPLETE" ] || die "$backup est incomplète (pas de fichier COMPLETE) : choisissez-en une autre"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || die "somme de contrôle incorrecte pour $backup/db.dump"

database="$(psql --dbname="$PG_URL" --no-password --no-psqlrc -tAc 'SELECT current_database()')" \
  || die "base injoignable : créez-la d'abord (voir docs/deploiement.md)"
log "sauvegarde : $backup"
log "base cible : $database (son contenu actuel sera remplacé)"
if [ -n "$MEDIA_ROOT" ]; then log "fichiers cibles : $MEDIA_ROOT (son contenu actuel sera remplacé)"; fi
if [ "$confirm" != "yes" ]; then
  [ -t 0 ] || die "pas de terminal pour confirmer : relancez avec --yes"
  read -r -p "Taper « oui » pour restaurer : " answer
  [ "$answer" = "oui" ] || die "restauration annulée"
fi

log "restauration de la base (une seule transaction : tout ou rien)"
pg_restore --dbname="$PG_URL" --no-password --clean --if-exists --no-owner --no-acl \
  --single-transaction --exit-on-error "$backup/db.dump"

if [ -n "$MEDIA_ROOT" ]; then
  if [ -d "$backup/media" ]; then
    log "restauration des fichiers déposés -> $MEDIA_ROOT"
    mkdir -p "$MEDIA_ROOT"
    rsync -a --delete "$backup/media/" "$MEDIA_ROOT/"
  fi
else
  log "MEDIA_ROOT non défini : fichiers déposés non restaurés"
fi
log "restauration terminée. Lancez ensuite : python manage.py migrate --noinput, puis redémarrez le service."
