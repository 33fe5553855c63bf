"""One typed list of settings: every field has its variable and its flag, values are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from server import cli
from server.settings import ENV_PREFIX, Settings

#: The flags and variables of the service before settings were typed: they must keep working.
EARLIER_SERVE_FLAGS = ("db", "host", "port", "demo", "api_token", "public_url",
                       "twilio_auth_token", "kannel_secret", "kannel_sendsms_url", "kannel_user",
                       "kannel_password", "kannel_sender", "sms_rate", "transfer_number")
EARLIER_VARIABLES = (*EARLIER_SERVE_FLAGS, "idle_minutes", "voice_numbers", "voice_speech",
                     "voice_tts", "voice_speech_model", "voice_lock_minutes", "voice_pin_tries",
                     "vxml_secret", "now", "lang")


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def test_every_setting_is_a_serve_flag_and_a_variable() -> None:
    """``serve`` takes a flag for each setting (argparse stops at an unknown one)."""
    settings = [n for n in Settings.model_fields if n != "lang"]  # lang: the main --lang
    argv = ["serve"]
    for name in settings:
        boolean = Settings.model_fields[name].annotation is bool
        argv += [_flag(name)] if boolean else [_flag(name), f"value-of-{name}"]
    args = cli.parser().parse_args(argv)
    for name in settings:
        assert getattr(args, name) in (True, f"value-of-{name}"), name
    assert set(EARLIER_VARIABLES) <= set(Settings.model_fields)
    assert set(EARLIER_SERVE_FLAGS) <= set(settings)


def test_variables_are_read_and_flags_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(f"{ENV_PREFIX}SMS_RATE", "3")
    monkeypatch.setenv(f"{ENV_PREFIX}DEMO", "yes")
    monkeypatch.setenv(f"{ENV_PREFIX}PORT", "9000")
    args = cli.parser().parse_args(["serve", "--port", "9001"])
    settings = cli.settings_from(args)
    assert (settings.sms_rate, settings.demo, settings.port) == (3, True, 9001)
    assert cli.settings_from(cli.parser().parse_args(["serve", "--no-demo"])).demo is False


def test_the_sms_parts_are_a_flag_and_a_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.settings_from(cli.parser().parse_args(["serve"])).sms_max_parts == 4
    monkeypatch.setenv(f"{ENV_PREFIX}SMS_MAX_PARTS", "6")
    assert cli.settings_from(cli.parser().parse_args(["serve"])).sms_max_parts == 6
    args = cli.parser().parse_args(["serve", "--sms-max-parts", "2"])
    assert cli.settings_from(args).sms_max_parts == 2


@pytest.mark.parametrize(("variable", "value"), [
    ("DEMO", "ture"), ("PORT", "eighty"), ("SMS_RATE", "0"), ("NOW", "tomorrow"),
    ("SMS_MAX_PARTS", "0"), ("SMS_MAX_PARTS", "11"),
    ("VOICE_NUMBERS", "+3225550101=it"), ("LANG", "xx")])
def test_a_bad_variable_is_an_error_that_names_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        variable: str, value: str) -> None:
    monkeypatch.setenv(f"{ENV_PREFIX}{variable}", value)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["phones", "list", "--db", str(tmp_path / "x.db")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"{ENV_PREFIX}{variable}={value}" in err
    assert not (tmp_path / "x.db").exists()  # nothing was opened


def test_an_empty_variable_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(f"{ENV_PREFIX}NOW", "")
    monkeypatch.setenv(f"{ENV_PREFIX}PORT", "")
    settings = cli.settings_from(cli.parser().parse_args(["serve"]))
    assert settings.now is None and settings.port == 8080


def test_a_bad_flag_is_an_error_that_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.settings_from(cli.parser().parse_args(["serve", "--sms-rate", "many"]))
    assert "--sms-rate=many" in capsys.readouterr().err


def test_secrets_are_not_shown() -> None:
    settings = Settings(api_token="t0ps3cret", kannel_password="hunter2")
    assert "t0ps3cret" not in repr(settings) and "hunter2" not in str(settings)


def test_open_loopback_mode_is_for_loopback_addresses_only() -> None:
    assert all(Settings(host=h).open_loopback for h in ("127.0.0.1", "::1", "localhost"))
    assert not any(Settings(host=h).open_loopback for h in ("0.0.0.0", "::", "10.0.0.5"))
    assert Settings(api_token="t", twilio_auth_token="t", kannel_secret="s",
                    vxml_secret="v").unset_secrets() == []
