"""Load the demo: creditors, the UCI portfolio, synthetic creditors and contacts, users.

Safe to run again: every load goes through the idempotent importers, and users, people
and the reference date are found before they are made.
"""

from __future__ import annotations

import os
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from arrears.contacts import demo as customer_people
from arrears.contacts.models import ContactPoint, Person
from arrears.contacts.validation import normalise_phone
from arrears.core import demo
from arrears.core.models import Profile, Role, Team
from arrears.dunning import demo as dunning_demo
from arrears.portfolio import uci
from arrears.portfolio.models import Creditor, CreditorSettings, Debtor, PaymentChannel
from arrears.receivables import demo as wholesaler
from arrears.recovery.models import Agency, Contract

UCI_FILE = settings.BASE_DIR.parent / "shared" / "data" / "UCI_Credit_Card.csv"

TEAM_ONE, TEAM_TWO = "电话催收一组", "电话催收二组"

CREDITORS = [
    # code, name, kind, currency, zone, the team that works it
    ("uci-tw", "台湾信用卡组合 (UCI 2005)", "bank", "TWD", "Asia/Taipei", TEAM_ONE),
    ("demo-cn-bank", "示例银行 消费贷款", "bank", "CNY", "Asia/Shanghai", TEAM_ONE),
    ("demo-b2b", "示例贸易公司 应收账款", "company", "CNY", "Asia/Shanghai", TEAM_TWO),
]
# Teammates of the demo collector, so that the UCI portfolio's delinquent cases spread
# over a team of a realistic size. They cannot sign in (no usable password).
TEAMMATES = [f"agent{n:02d}" for n in range(1, 10)]

USERS = [
    # user name, password, role, team, language, staff
    ("collector", "collector-demo", Role.COLLECTOR, "电话催收一组", "zh-hans", False),
    ("collector2", "collector2-demo", Role.COLLECTOR, "电话催收二组", "zh-hans", False),
    ("field", "field-demo", Role.FIELD_COLLECTOR, "电话催收一组", "zh-hans", False),
    # Staff, so the team lead can edit strategy versions in the admin.
    ("lead", "lead-demo", Role.TEAM_LEAD, "电话催收一组", "en", True),
    # Manages both teams: approves above a lead's limits (审批权限) and sees both teams' cases.
    ("manager", "manager-demo", Role.MANAGER, None, "zh-hans", False),
    ("compliance", "compliance-demo", Role.COMPLIANCE, None, "zh-hans", True),
    ("admin", "admin-demo", Role.ADMIN, None, "en", True),
    # A collector of the outside agency 华信信用管理: sees only the cases a lead places with it.
    ("agency", "agency-demo", Role.AGENCY_COLLECTOR, None, "zh-hans", False),
]
# The demo's collection agency and its contract (no case is placed: a lead does it at
# /agencies/new/). Commission by days past due when placed, per base.
DEMO_AGENCY = ("huaxin", "华信信用管理", "HX-2026-001")
DEMO_TIERS = [
    {"from_dpd": 0, "principal": "0.12", "interest": "0.20", "fees": "0.25"},
    {"from_dpd": 180, "principal": "0.20", "interest": "0.25", "fees": "0.30"},
]


class Command(BaseCommand):
    help = "Load the demo portfolio and demo users (idempotent); print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--uci", type=Path, default=UCI_FILE, help="path of UCI_Credit_Card.csv")
        parser.add_argument("--skip-uci", action="store_true", help="only the small synthetic creditors")
        parser.add_argument(
            "--skip-b2b",
            action="store_true",
            help="without the wholesaler's business customers, their ledger and dunning (tests "
            "of the consumer screens load the demo many times; the wholesaler adds half the time)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ARREARS_PRODUCTION:
            # The demo users' passwords are printed here and in the README: on a production
            # database they would be open doors, and demo debtors would mix with real ones.
            raise CommandError(
                "load_demo refuses to run with ARREARS_PRODUCTION=1: it creates users whose "
                "passwords are published. Load the demo into a development database only."
            )
        self.verbosity = options["verbosity"]
        folder = settings.VAR_DIR / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        reference = self.reference_date(folder)
        self.stdout.write(f"Demo reference date: {reference}")
        for code, name, kind, currency, zone, team in CREDITORS:
            Creditor.objects.update_or_create(
                code=code,
                defaults={
                    "name": name,
                    "kind": kind,
                    "default_currency": currency,
                    "default_time_zone": zone,
                    "team": Team.objects.get_or_create(name=team)[0],
                },
            )

        if not options["skip_uci"]:
            if not options["uci"].exists():
                self.stderr.write(f"UCI file not found at {options['uci']}; skipping it.")
            else:
                portfolio, payments = folder / "uci_portfolio.csv", folder / "uci_payments.csv"
                uci.write_files(options["uci"], portfolio, payments, reference, "uci-tw")
                self.load(portfolio, payments)

        bank, bank_pay = folder / "cn_bank_portfolio.csv", folder / "cn_bank_payments.csv"
        demo.write_cn_bank(bank, reference, "demo-cn-bank")
        demo.write_cn_bank_payments(bank, bank_pay, reference, "demo-cn-bank")
        self.load(bank, bank_pay)
        with_b2b = not options["skip_b2b"]
        if with_b2b:
            b2b, b2b_pay = folder / "b2b_portfolio.csv", folder / "b2b_payments.csv"
            demo.write_b2b(b2b, b2b_pay, reference, "demo-b2b")
            self.load(b2b, b2b_pay)

        self.add_creditor_settings()
        self.add_related_people()
        agency = self.add_agency()
        self.add_users()
        Profile.objects.filter(user__username="agency").update(agency=agency)
        if with_b2b:
            # Profiles, credit notes, disputes and the allocation of the wholesaler's customers.
            customers = wholesaler.finish(reference, "demo-b2b")
            self.stdout.write(f"Wholesaler customers: {customers}")
            # Their clerks, finance managers, owners and buyers (the customer panel, issue 19).
            self.stdout.write(f"Customers' people: {customer_people.add_customer_people('demo-b2b')}")
        self.nightly()
        # After the settings and the cases: publishing checks that every creditor with open
        # cases has what the scripts' placeholders need.
        call_command("seed_scripts", verbosity=self.verbosity, stdout=self.stdout)
        # The wholesaler's dunning levels and the day's run: one dunning per customer at the
        # highest level its overdue invoices reached (arrears.dunning, docs/dunning.md).
        if with_b2b:
            run = dunning_demo.run_demo(reference, "demo-b2b")
            self.stdout.write(f"Dunning run: {run.counts}")
        self.print_logins()

    def reference_date(self, folder: Path) -> date:
        """Fixed at the first load, so a later `make run` re-imports the same dates."""
        marker = folder / "reference_date"
        if marker.exists():
            return date.fromisoformat(marker.read_text().strip())
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        marker.write_text(today.isoformat())
        return today

    def load(self, portfolio: Path, payments: Path) -> None:
        verbosity = 1 if self.verbosity > 1 else 0
        call_command("import_portfolio", str(portfolio), "--no-age", verbosity=verbosity, stdout=self.stdout)
        call_command("import_payments", str(payments), "--no-age", verbosity=verbosity, stdout=self.stdout)

    @transaction.atomic
    def add_creditor_settings(self) -> None:
        """What scripts say for each demo creditor, validated as the admin would."""
        for code, values in demo.CREDITOR_SETTINGS.items():
            creditor = Creditor.objects.get(code=code)
            fields = {k: v for k, v in values.items() if k != "channels"}
            settings_row = CreditorSettings.objects.filter(creditor=creditor).first() or CreditorSettings(
                creditor=creditor
            )
            for name, value in fields.items():
                setattr(settings_row, name, value)
            settings_row.office_opens = time.fromisoformat(values["office_opens"])
            settings_row.office_closes = time.fromisoformat(values["office_closes"])
            settings_row.full_clean()
            settings_row.save()
            settings_row.payment_channels.all().delete()
            for position, (kind, name_zh, name_en, account) in enumerate(values["channels"], start=1):
                channel = PaymentChannel(
                    creditor_settings=settings_row,
                    position=position,
                    kind=kind,
                    name_zh=name_zh,
                    name_en=name_en,
                    account_number=account,
                )
                channel.full_clean()
                channel.save()

    @transaction.atomic
    def add_related_people(self) -> None:
        debtors = list(
            Debtor.objects.filter(creditor__code="demo-cn-bank")
            .exclude(people__relationship__in=[r for r, _ in demo.RELATIVES])
            .values_list("id", flat=True)
        )
        people = demo.related_people(debtors)
        made = Person.objects.bulk_create(
            Person(debtor_id=d, relationship=r, name=n, synthetic=True) for d, r, n, _p in people
        )
        ContactPoint.objects.bulk_create(
            ContactPoint(
                person=p,
                kind="phone",
                # The demo bank's debtors are CN: the phone in its stored form (E.164).
                value=normalise_phone(phone, "CN"),
                source="application",
                synthetic=True,
                is_workplace=p.relationship == "employer",
            )
            for p, (_d, _r, _n, phone) in zip(made, people, strict=True)
        )
        self.stdout.write(f"Related people added: {len(made)}")

    def add_agency(self) -> Agency:
        code, name, reference = DEMO_AGENCY
        agency = Agency.objects.get_or_create(code=code, defaults={"name": name})[0]
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        Contract.objects.get_or_create(
            agency=agency,
            reference=reference,
            defaults={
                "starts_on": today.replace(month=1, day=1),
                "term_days": 90,
                "tiers": DEMO_TIERS,
            },
        )
        return agency

    def add_users(self) -> None:
        user_model = get_user_model()
        for username, password, role, team_name, language, staff in USERS:
            user, created = user_model.objects.get_or_create(username=username)
            if created:
                # Set without the password validators, knowingly: demo passwords are short
                # and like the user name so people can type them from the README; the
                # command refuses to run in production.
                user.set_password(password)
            user.is_staff = staff
            user.is_superuser = role == Role.ADMIN
            user.save()
            team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
            name, number = demo.STAFF_NAMES.get(username, ("", ""))
            Profile.objects.update_or_create(
                user=user,
                defaults={
                    "role": role,
                    "team": team,
                    "language": language,
                    "display_name": name,
                    "work_number": number,
                },
            )
        manager = Profile.objects.get(user__username="manager")
        manager.managed_teams.set(Team.objects.filter(name__in=[TEAM_ONE, TEAM_TWO]))
        lead = user_model.objects.get(username="lead")
        lead.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="strategy",
                codename__in=["add_strategyversion", "view_strategyversion", "view_nightlyrun"],
            ),
            # Their team's creditors' settings (the admin limits a lead to those) and the
            # settings collectors found missing.
            *Permission.objects.filter(
                content_type__app_label="portfolio",
                codename__in=[
                    "view_creditorsettings",
                    "change_creditorsettings",
                    "view_paymentchannel",
                    "add_paymentchannel",
                    "change_paymentchannel",
                    "delete_paymentchannel",
                ],
            ),
            *Permission.objects.filter(content_type__app_label="scripts", codename="view_placeholdergap"),
        )
        team_one = Team.objects.get(name=TEAM_ONE)
        for username in TEAMMATES:
            user, created = user_model.objects.get_or_create(username=username)
            if created:
                user.set_unusable_password()
                user.save()
            name, number = demo.STAFF_NAMES[username]
            Profile.objects.update_or_create(
                user=user,
                defaults={
                    "role": Role.COLLECTOR,
                    "team": team_one,
                    "language": "zh-hans",
                    "display_name": name,
                    "work_number": number,
                },
            )

    def nightly(self) -> None:
        call_command("nightly", verbosity=self.verbosity, stdout=self.stdout)
        # The reports' history: the demo's statements and payments go back six months, so the
        # month-end states, roll rates and payment days before the first night are rebuilt
        # from them (arrears/reports/rebuild.py); the dashboards then have months to show.
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        since = today.replace(day=1)
        for _ in range(7):
            since = (since - timedelta(days=1)).replace(day=1)
        call_command("build_reports", since=since.isoformat(), verbosity=self.verbosity, stdout=self.stdout)

    def print_logins(self) -> None:
        # `make run` says where it serves (HOST and PORT); the development server's default else.
        url = os.environ.get("ARREARS_DEMO_URL", "http://127.0.0.1:8000/")
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins ({url}):"))
        for username, password, role, team, language, _staff in USERS:
            where = team or (DEMO_AGENCY[1] if role == Role.AGENCY_COLLECTOR else "")
            self.stdout.write(f"  {username:<11} {password:<16} {role.label:<20} {where:<10} {language}")
