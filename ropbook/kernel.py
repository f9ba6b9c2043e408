"""The notebook kernel of the book's build: ipykernel, less one warning.

ipykernel warns at every start that it runs over TCP without encryption. The build's kernels
listen on 127.0.0.1 only (jupyter_client's default) and live for one notebook, so for them the
warning is noise printed 14 times per build. This launcher drops that one message and nothing
else: every other log record, warning or error from the kernel goes through as before.

The Sphinx extension puts ``ropbook/jupyter`` first on ``JUPYTER_PATH``, where the kernelspec
``python3`` starts ``python -m ropbook.kernel``.
"""

import logging

TCP_WARNING = "Kernel is running over TCP without encryption"


class DropTcpWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(TCP_WARNING)


def main() -> None:
    logging.getLogger("IPKernelApp").addFilter(DropTcpWarning())
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
