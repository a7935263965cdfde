"""Plays vLLM's OpenAI server in the ServeDeck sandbox (the kubelet's image map runs it for vLLM images).

    vllm_openai_server.py --model_dir DIR --served-model-name NAME [NAME ...] --port PORT [--host 127.0.0.1]

The HTTP side is KServe's own OpenAI server (`kserve.protocol.rest.openai` of kserve 0.14.1: its ModelServer,
its /v1/completions, /v1/chat/completions and /v1/models routes and its server-sent events), with the route
prefix set to "" so the paths are vLLM's (`/v1/...`; KServe's default is `/openai/v1/...`). kserve 0.15 and
later import their OpenAI types from vllm itself (torch and CUDA wheels, gigabytes), so the sandbox uses the
last release whose OpenAI types are KServe's own.

What is played is the model: `DIR/ngram.json`, a character n-gram table the sandbox writes at `up`
(src/llmisvc/tiny-model.ts): each "token" is one character. vLLM's `GET /health` (what KServe's
LLMInferenceService probes) answers 200 once the table is loaded. Every name given to --served-model-name is a
model id, as with vLLM (KServe passes the model name and `publishers/NS/models/NAME`).
"""

import argparse
import json
import os
import random
import sys
import time
import uuid

# vLLM's paths, not KServe's /openai prefix; read by kserve at import time.
os.environ["KSERVE_OPENAI_ROUTE_PREFIX"] = ""

import kserve  # noqa: E402
import kserve.model_server  # noqa: E402
from kserve.protocol.rest.openai import ChatPrompt, OpenAIChatAdapterModel  # noqa: E402
from kserve.protocol.rest.openai.types import (  # noqa: E402
    Completion,
    CompletionChoice,
    CompletionUsage,
)


class CharNgram:
    """A character n-gram table: next-character counts for every context of up to order-1 characters."""

    def __init__(self, path: str):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        self.order = int(doc["order"])
        self.counts = {k: dict(v) for k, v in doc["counts"].items()}
        self.alphabet = sorted({c for v in self.counts.values() for c in v})

    def next_char(self, text: str, rng: random.Random, temperature: float) -> str:
        for n in range(self.order - 1, -1, -1):
            ctx = text[-n:] if n > 0 else ""
            if n > len(text):
                continue
            options = self.counts.get(ctx)
            if options:
                break
        else:
            return " "
        chars = sorted(options)
        if temperature <= 0:
            return max(chars, key=lambda c: (options[c], -ord(c[0])))
        weights = [options[c] ** (1.0 / temperature) for c in chars]
        return rng.choices(chars, weights=weights, k=1)[0]


class NgramModel(OpenAIChatAdapterModel):
    """One served model name backed by the shared n-gram table."""

    def __init__(self, name: str, table: CharNgram):
        super().__init__(name)
        self.table = table
        self.ready = True

    def apply_chat_template(self, messages) -> ChatPrompt:
        lines = []
        for m in messages:
            content = m.content if isinstance(m.content, str) else ""
            if isinstance(m.content, list):
                content = " ".join(getattr(p, "text", "") for p in m.content)
            lines.append(f"{m.role}: {content}")
        lines.append("assistant:")
        return ChatPrompt(prompt="\n".join(lines) + " ", response_role="assistant")

    def _generate(self, params):
        prompt = params.prompt if isinstance(params.prompt, str) else ""
        if isinstance(params.prompt, list) and params.prompt and isinstance(params.prompt[0], str):
            prompt = params.prompt[0]
        max_tokens = params.max_tokens if params.max_tokens is not None else 16
        temperature = 1.0 if params.temperature is None else float(params.temperature)
        rng = random.Random(params.seed if params.seed is not None else 0)
        stops = [params.stop] if isinstance(params.stop, str) else list(params.stop or [])
        text = prompt
        out = ""
        for _ in range(max_tokens):
            c = self.table.next_char(text, rng, temperature)
            text += c
            out += c
            hit = next((s for s in stops if s and out.endswith(s)), None)
            if hit:
                yield c, "stop", hit
                return
            yield c, None, None
        yield "", "length", None

    def _completion(self, cid, created, text, finish, prompt_len, n_tokens, usage: bool):
        return Completion(
            id=cid,
            object="text_completion",
            created=created,
            model=self.name,
            choices=[CompletionChoice(index=0, text=text, logprobs=None, finish_reason=finish or "length")]
            if finish is not None
            else [CompletionChoice(index=0, text=text, logprobs=None, finish_reason="length")],
            usage=CompletionUsage(
                prompt_tokens=prompt_len, completion_tokens=n_tokens, total_tokens=prompt_len + n_tokens
            )
            if usage
            else None,
        )

    async def create_completion(self, request):
        params = request.params
        cid = f"cmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        prompt_len = len(params.prompt) if isinstance(params.prompt, str) else 0
        if params.stream:

            async def stream():
                n = 0
                for c, finish, _ in self._generate(params):
                    if c:
                        n += 1
                    chunk = self._completion(cid, created, c, finish, prompt_len, n, finish is not None)
                    if finish is None:
                        chunk.choices[0].finish_reason = None  # type: ignore[assignment]
                    yield chunk

            return stream()
        text = ""
        finish = "length"
        for c, f, hit in self._generate(params):
            text += c
            if f is not None:
                finish = f
                if hit:
                    text = text[: -len(hit)]
        return self._completion(cid, created, text, finish, prompt_len, len(text), True)


def bind_rest_server_to(host: str) -> None:
    """kserve's RESTServer binds 0.0.0.0; rebind to `host` before it starts, and add vLLM's GET /health."""
    base = kserve.model_server.RESTServer

    class LocalRESTServer(base):
        def __init__(self, app, *args, **kwargs):
            @app.get("/health")
            async def health():  # vLLM answers an empty 200 once the engine is up
                return {}

            super().__init__(app, *args, **kwargs)
            self._server.config.host = host  # kserve 0.14: uvicorn.Server(config=Config(host="0.0.0.0"))

        def _register_endpoints(self):
            # OpenAI's routes first: KServe's V1 protocol also has a GET /v1/models (`{"models": [...]}`), and
            # the first route registered wins; vLLM answers OpenAI's model list there.
            from kserve.protocol.rest.openai.config import maybe_register_openai_endpoints

            maybe_register_openai_endpoints(self.app, self.dataplane.model_registry)
            super()._register_endpoints()

    kserve.model_server.RESTServer = LocalRESTServer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model_dir", required=True)
    parser.add_argument("--served-model-name", dest="names", nargs="+", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args, _ = parser.parse_known_args()
    path = os.path.join(args.model_dir, "ngram.json")
    if not os.path.exists(path):
        print(f"no model at {path}: the sandbox's tiny model is written by `up` (llm/tiny-ngram)", file=sys.stderr)
        return 1
    table = CharNgram(path)
    bind_rest_server_to(args.host)
    models = [NgramModel(n, table) for n in dict.fromkeys(args.names)]
    sys.argv = [sys.argv[0], f"--http_port={args.port}", "--enable_grpc=false"]
    kserve.ModelServer(http_port=args.port, enable_grpc=False).start(models)
    return 0


if __name__ == "__main__":
    sys.exit(main())
