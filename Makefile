# Ward directive portal. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
# `make run` serves with debug off (cms.settings.local: production-like over
# http, a secret key kept in DATA_DIR); manage.py and the other targets use
# cms.settings.dev. A DJANGO_SETTINGS_MODULE set in the environment wins.
RUN_SETTINGS := $(or $(DJANGO_SETTINGS_MODULE),cms.settings.local)
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: install run test lint eval i18n-check clean

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: export DJANGO_SETTINGS_MODULE := $(RUN_SETTINGS)
run: install
	@bash .ci/system-deps.sh runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py rebuild_search_index
	$(PY) manage.py wagtail_update_index --verbosity 0
	@echo "Cổng thông tin: http://$(HOST):$(PORT)/   Quản trị: http://$(HOST):$(PORT)/admin/"
	@echo "Các phường khác của thành phố mẫu: http://localhost:$(PORT)/ (Phường Hòa Cường), http://127.0.0.2:$(PORT)/ (Phường An Hải Bắc)"
	@# Every minute beside gunicorn: scheduled publishing and expiry, residents'
	@# details erased after the retention period, and the search index checked
	@# against the database and repaired (README).
	@# And the two background workers (README, "Background work"): quick jobs
	@# (search index, audio, posters) and slow ones (reading scanned originals).
	@trap 'kill $$loop $$quick $$slow 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py run_worker --backend default --no-startup-delay --interval 1 --verbosity 0 & quick=$$!; \
	$(PY) manage.py run_worker --backend background --no-startup-delay --interval 2 --verbosity 0 & slow=$$!; \
	(while sleep 60; do $(PY) manage.py publish_scheduled >/dev/null 2>&1; \
		$(PY) manage.py erase_feedback_personal_data >/dev/null 2>&1; \
		$(PY) manage.py search_health --repair --quiet >/dev/null 2>&1; done) & loop=$$!; \
	$(VENV)/bin/gunicorn cms.wsgi:application --config cms/gunicorn.conf.py \
		--bind $(HOST):$(PORT) $(if $(filter 127.0.0.1,$(HOST)),--bind 127.0.0.2:$(PORT)) --workers $(WORKERS) --access-logfile - --timeout 60

test: install
	bash .ci/system-deps.sh
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest -q

# Search quality on ../shared/eval/dev_queries.jsonl (MRR@10, rank per query).
eval: install
	$(PY) manage.py search_eval

# Lists what of Wagtail's admin is still untranslated; fails below 95 %.
i18n-check: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py i18n_check

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var
