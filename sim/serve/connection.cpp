// A real client's SMTP session with a simulated host's receiver.
#include "serve/connection.hpp"

#include <boost/asio/write.hpp>

namespace smtpsim::serve {

namespace asio = boost::asio;

Connection::Connection(asio::ip::tcp::socket socket,
                       std::unique_ptr<mta::OutsideConnection> outside,
                       const ConnectionLimits& limits, ConnectionOwner& owner)
    : socket_(std::move(socket)),
      idle_(socket_.get_executor()),
      outside_(std::move(outside)),
      stream_(outside_->receiver()),
      limits_(limits),
      owner_(owner) {}

smtp::Reply Connection::closing_reply() const {
    // RFC 821 4.2.2, 3.9.
    return smtp::Reply{
        smtp::reply::service_not_available,
        outside_->receiver().domain() + " Service not available, closing transmission channel"};
}

void Connection::start() {
    owner_.catch_up();
    send(outside_->receiver().greeting());  // 421 when the host is down
    if (outside_->receiver().closed()) {
        closing_ = true;
        write();
        return;
    }
    arm_idle();
    write();
    read();
}

void Connection::arm_idle() {
    idle_.expires_after(limits_.idle_timeout);
    idle_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
        if (error || self->closed_) {
            return;
        }
        if (self->draining_) {
            self->close();  // the client never closed its end
            return;
        }
        // RFC 1123 5.3.2: the server gives up on a silent client.
        self->outside_->receiver().on_connection_lost();
        self->close_with(self->closing_reply());
    });
}

void Connection::read() {
    if (reading_ || closing_ || closed_ || output_.size() > limits_.max_pending_output) {
        return;  // a client that does not read its replies is not read either
    }
    reading_ = true;
    socket_.async_read_some(
        asio::buffer(input_),
        [self = shared_from_this()](const boost::system::error_code& error, std::size_t bytes) {
            self->on_read(error, bytes);
        });
}

void Connection::on_read(const boost::system::error_code& error, std::size_t bytes) {
    reading_ = false;
    if (closed_) {
        return;
    }
    if (draining_) {
        drained_ += bytes;
        if (error || drained_ > max_drained) {
            close();
        } else {
            drain_some();
        }
        return;
    }
    if (error) {
        // The client went away (mid-DATA too): RFC 821 4.1.1, an unfinished
        // transaction is dropped, never delivered.
        outside_->receiver().on_connection_lost();
        close();
        return;
    }
    arm_idle();
    owner_.catch_up();
    take(std::string_view(input_.data(), bytes));
    owner_.events_changed();
    if (outside_->receiver().closed()) {
        closing_ = true;  // after QUIT (or a 421): what comes after is not read
    }
    write();
    read();
}

void Connection::take(std::string_view bytes) {
    smtp::Receiver& receiver = outside_->receiver();
    if (outside_->host_down()) {
        receiver.on_connection_lost();  // the failure plan took the host down
        close_with(closing_reply());
        return;
    }
    mail_bytes_ = receiver.state() == smtp::ReceiverState::data ? mail_bytes_ + bytes.size() : 0;
    if (mail_bytes_ > limits_.max_mail_bytes) {
        receiver.on_connection_lost();
        close_with(smtp::Reply{smtp::reply::storage_exceeded,
                               "Requested mail action aborted: exceeded storage allocation (" +
                                   std::to_string(limits_.max_mail_bytes) +
                                   " bytes of mail text); closing"});
        return;
    }
    for (const smtp::Reply& reply : stream_.feed(bytes)) {
        send(reply);
    }
}

void Connection::send(const smtp::Reply& reply) {
    output_ += reply.format();
}

void Connection::write() {
    if (closed_ || !writing_.empty()) {
        return;
    }
    if (output_.empty()) {
        if (closing_) {
            drain();
        }
        return;
    }
    writing_.swap(output_);
    asio::async_write(
        socket_, asio::buffer(writing_),
        [self = shared_from_this()](const boost::system::error_code& error, std::size_t bytes) {
            self->on_written(error, bytes);
        });
}

void Connection::on_written(const boost::system::error_code& error, std::size_t) {
    writing_.clear();
    if (closed_) {
        return;
    }
    if (error) {
        outside_->receiver().on_connection_lost();
        close();
        return;
    }
    write();
    read();  // resumes a read paused for the output
}

void Connection::drain() {
    // The last reply is out: no more is sent, and what the client still
    // sends is read and dropped until it closes too. Closing with unread
    // bytes would make the system reset the connection, and the client
    // could lose the last reply (RFC 1122 4.2.2.13).
    if (draining_) {
        return;
    }
    draining_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    drain_some();
}

void Connection::drain_some() {
    if (reading_ || closed_) {
        return;  // the read under way goes on as a drain
    }
    reading_ = true;
    socket_.async_read_some(
        asio::buffer(input_),
        [self = shared_from_this()](const boost::system::error_code& error, std::size_t bytes) {
            self->on_read(error, bytes);
        });
}

void Connection::close_with(const smtp::Reply& reply) {
    send(reply);
    closing_ = true;
    write();
}

void Connection::shut_down() {
    if (closed_) {
        return;
    }
    outside_->receiver().on_connection_lost();
    // The process is ending: one attempt, without waiting for a slow client.
    std::string last = writing_.empty() ? output_ : std::string();
    last += closing_reply().format();
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);
    socket_.write_some(asio::buffer(last), ignored);
    close();
}

void Connection::close() {
    if (closed_) {
        return;
    }
    closed_ = true;
    boost::system::error_code ignored;
    idle_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    owner_.closed(*this);
}

}  // namespace smtpsim::serve
