"""Language detection, and the preloading of its models before many sources are analysed."""
import threading

from generator.analyze import language

CODES = ("en", "fr", "de")
TEXTS = ["Ministers met in the capital on Monday to discuss the border and trade.",
         "Les ministres se sont réunis lundi dans la capitale pour discuter de la frontière.",
         "Die Minister trafen sich am Montag in der Hauptstadt, um über die Grenze zu sprechen.",
         "Menu Home"]


def test_preloaded_models_answer_as_models_loaded_on_demand(monkeypatch):
    monkeypatch.setattr(language, "_DETECTORS", {})
    lazy = [language.detect(t, CODES) for t in TEXTS]
    assert lazy == ["en", "fr", "de", None]
    monkeypatch.setattr(language, "_DETECTORS", {})
    thread = language.preload(CODES)
    assert isinstance(thread, threading.Thread)
    thread.join()
    assert CODES in language._DETECTORS
    assert [language.detect(t, CODES) for t in TEXTS] == lazy


def test_a_detection_asked_while_the_models_load_waits_for_them(monkeypatch):
    monkeypatch.setattr(language, "_DETECTORS", {})
    built = []
    real = language._build
    monkeypatch.setattr(language, "_build", lambda codes, preloaded: built.append(preloaded) or real(codes, preloaded))
    thread = language.preload(CODES)
    assert language.detect(TEXTS[1], CODES) == "fr"  # from the detector the thread builds, not a second one
    thread.join()
    assert built == [True]
