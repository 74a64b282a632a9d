"""The extraction service: an HTTP API and a web page over the pipeline, and a spaCy component.

- ``gik_nlp.service.app.create_app(tagger_or_model_dir, settings)`` builds the FastAPI app
  (``gik serve`` runs it on uvicorn); see docs/service.md for the endpoints.
- ``gik_nlp.service.spacy_component`` registers the ``gik_tagger`` spaCy factory.

Nothing is imported here, so importing the spaCy component does not pull in FastAPI.
"""
