-- sudo -u postgres psql -f deploy/postgresql.sql   (choose the password first)
CREATE ROLE {{ cookiecutter.unit_slug | replace('-', '_') }} LOGIN PASSWORD 'CHANGE-ME';
CREATE DATABASE {{ cookiecutter.unit_slug | replace('-', '_') }} OWNER {{ cookiecutter.unit_slug | replace('-', '_') }} ENCODING 'UTF8' TEMPLATE template0;
-- The matching settings, in /etc/dangwu/{{ cookiecutter.unit_slug }}.env:
--   DANGWU_DATABASE_URL=postgresql://{{ cookiecutter.unit_slug | replace('-', '_') }}:CHANGE-ME@127.0.0.1:5432/{{ cookiecutter.unit_slug | replace('-', '_') }}
-- Server settings worth setting for a unit (postgresql.conf): max_connections >= 3 x the
-- portal's threads; a daily base backup or `dangwu backup` (see crontab).
